package dev.beacon.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChannelHistoryPageTest {

  private static final String EPOCH = "abcdefgh";

  /** Messages of room r at offsets 10, 20, ... 50. */
  private static List<Recovery.Missed> window() {
    List<Recovery.Missed> window = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      window.add(
          new Recovery.Missed(
              DeliveryRecord.toRoom("r", "m" + i, "{\"type\":\"chat\",\"content\":\"" + i + "\"}"),
              pos(i * 10)));
    }
    return window;
  }

  private static StreamPosition pos(long offset) {
    return new StreamPosition(EPOCH, 2, offset);
  }

  private static ChannelHistory.Query query(int limit, StreamPosition since, boolean reverse) {
    return new ChannelHistory.Query("r", limit, since, reverse, 100, Duration.ofHours(1));
  }

  private static List<Long> offsets(ChannelHistory.Page page) {
    return page.messages().stream().map(m -> m.pos().offset()).toList();
  }

  @Test
  @DisplayName("oldest first, paged by next until the end")
  void pagesOldestFirst() {
    ChannelHistory.Page first = ChannelHistory.Page.of(window(), pos(4), query(2, null, false));
    assertThat(offsets(first)).containsExactly(10L, 20L);
    assertThat(first.top()).isEqualTo(pos(50));
    assertThat(first.next()).isEqualTo(pos(20));
    ChannelHistory.Page second =
        ChannelHistory.Page.of(window(), pos(4), query(2, first.next(), false));
    assertThat(offsets(second)).containsExactly(30L, 40L);
    ChannelHistory.Page last =
        ChannelHistory.Page.of(window(), pos(4), query(2, second.next(), false));
    assertThat(offsets(last)).containsExactly(50L);
    assertThat(last.next()).isNull();
  }

  @Test
  @DisplayName("newest first, paged backwards by next")
  void pagesNewestFirst() {
    ChannelHistory.Page first = ChannelHistory.Page.of(window(), pos(4), query(3, null, true));
    assertThat(offsets(first)).containsExactly(50L, 40L, 30L);
    assertThat(first.next()).isEqualTo(pos(30));
    ChannelHistory.Page second =
        ChannelHistory.Page.of(window(), pos(4), query(3, first.next(), true));
    assertThat(offsets(second)).containsExactly(20L, 10L);
    assertThat(second.next()).isNull();
  }

  @Test
  @DisplayName("a since below the floor, or of another epoch or partition, is lost")
  void lostPositions() {
    assertThat(ChannelHistory.Page.of(window(), pos(10), query(5, pos(9), false)).lost()).isTrue();
    assertThat(
            ChannelHistory.Page.of(
                    window(), pos(10), query(5, new StreamPosition("zzzzzzzz", 2, 30), false))
                .lost())
        .isTrue();
    assertThat(
            ChannelHistory.Page.of(
                    window(), pos(10), query(5, new StreamPosition(EPOCH, 1, 30), false))
                .lost())
        .isTrue();
    ChannelHistory.Page fromFloor =
        ChannelHistory.Page.of(window(), pos(10), query(5, pos(10), false));
    assertThat(fromFloor.lost()).isFalse();
    assertThat(offsets(fromFloor)).containsExactly(20L, 30L, 40L, 50L);
  }

  @Test
  @DisplayName("an empty history answers an empty page without top, and none() loses every since")
  void empty() {
    ChannelHistory.Page page = ChannelHistory.Page.of(List.of(), pos(99), query(5, null, false));
    assertThat(page.messages()).isEmpty();
    assertThat(page.top()).isNull();
    assertThat(page.next()).isNull();
    assertThat(ChannelHistory.none().read(query(5, pos(1), false)).result().lost()).isTrue();
  }
}
