package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.runtime.kafka.DeliverySource.SourceTopic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

  private static DeliverySource msg(int partition, long offset) {
    return new DeliverySource(SourceTopic.MESSAGES, partition, offset, 0);
  }

  /**
   * Feeds the sources of one delivery partition through a filter, returning the offsets let
   * through.
   */
  private static List<Long> passed(DuplicateFilter filter, DeliverySource... sources) {
    List<Long> out = new ArrayList<>();
    for (DeliverySource source : sources) {
      if (filter.firstTime(3, source)) {
        out.add(source.offset());
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "the copies an aborted transaction leaves are dropped, and the stream goes on in order")
  void abortedThenRetried() {
    DuplicateFilter filter = new DuplicateFilter();
    // 10..12 sent in a transaction that aborted, then routed again from the committed offset 10,
    // then 13.
    assertThat(
            passed(
                filter,
                msg(0, 10),
                msg(0, 11),
                msg(0, 12),
                msg(0, 10),
                msg(0, 11),
                msg(0, 12),
                msg(0, 13)))
        .containsExactly(10L, 11L, 12L, 13L);
  }

  @Test
  @DisplayName("source partitions and delivery partitions are lanes of their own")
  void lanesAreIndependent() {
    DuplicateFilter filter = new DuplicateFilter();
    assertThat(filter.firstTime(3, msg(0, 50))).isTrue();
    assertThat(filter.firstTime(3, msg(1, 5))).isTrue();
    assertThat(filter.firstTime(4, msg(0, 5))).isTrue();
    assertThat(filter.firstTime(3, new DeliverySource(SourceTopic.GPS, 0, 5, 0))).isTrue();
    assertThat(filter.firstTime(3, msg(0, 49))).isFalse();
  }

  @Test
  @DisplayName("several deliveries of one source record are told apart by their index")
  void indexWithinARecord() {
    DuplicateFilter filter = new DuplicateFilter();
    DeliverySource first = new DeliverySource(SourceTopic.GPS, 2, 9, 0);
    DeliverySource second = new DeliverySource(SourceTopic.GPS, 2, 9, 1);
    assertThat(filter.firstTime(1, first)).isTrue();
    assertThat(filter.firstTime(1, second)).isTrue();
    assertThat(filter.firstTime(1, first)).isFalse();
    assertThat(filter.firstTime(1, second)).isFalse();
  }

  @Test
  @DisplayName(
      "seeded with the delivery a client saw last, a replay skips what was routed before it")
  void seeded() {
    DuplicateFilter filter = new DuplicateFilter();
    filter.seed(3, msg(0, 11));
    assertThat(passed(filter, msg(0, 12), msg(0, 10), msg(0, 11), msg(0, 12), msg(0, 13)))
        .containsExactly(12L, 13L);
  }

  @Test
  @DisplayName(
      "deliveries without a source pass; a source far behind starts its stream afresh (topic re-created)")
  void legacyAndRecreated() {
    DuplicateFilter filter = new DuplicateFilter();
    assertThat(filter.firstTime(0, null)).isTrue();
    assertThat(filter.firstTime(0, null)).isTrue();
    assertThat(filter.firstTime(0, msg(0, 5_000_000))).isTrue();
    assertThat(filter.firstTime(0, msg(0, 0))).isTrue();
    assertThat(filter.firstTime(0, msg(0, 0))).isFalse();
  }

  @Test
  @DisplayName(
      "the source travels in a 17-byte header and reads back the same; a foreign header reads as none")
  void headerRoundTrip() {
    RecordHeaders headers = new RecordHeaders();
    DeliverySource source = new DeliverySource(SourceTopic.GPS, 5, 123_456_789_012L, 1);
    source.writeTo(headers);
    assertThat(DeliverySource.readFrom(headers)).isEqualTo(source);
    assertThat(headers.lastHeader(DeliverySource.HEADER).value()).hasSize(17);

    RecordHeaders foreign = new RecordHeaders();
    foreign.add(DeliverySource.HEADER, new byte[] {1, 2, 3});
    assertThat(DeliverySource.readFrom(foreign)).isNull();
    assertThat(DeliverySource.readFrom(new RecordHeaders())).isNull();
  }
}
