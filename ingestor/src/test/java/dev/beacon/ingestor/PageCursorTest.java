package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PageCursor: the opaque cursor of the paged lists")
class PageCursorTest {

  @Test
  @DisplayName("a device cursor and a positions cursor round-trip through their URL-safe text")
  void roundTrip() {
    PageCursor devices = PageCursor.afterDevice("truck:7.a_b-c");
    String text = devices.encode();
    assertThat(text).matches("[A-Za-z0-9_-]+");
    assertThat(PageCursor.decode(text, PageCursor.DEVICES, "")).isEqualTo(devices);

    PageCursor positions = PageCursor.afterPosition("truck-1", 1_700_000_000_123L);
    PageCursor back = PageCursor.decode(positions.encode(), PageCursor.POSITIONS, "truck-1");
    assertThat(back.keyAsTimestamp()).isEqualTo(1_700_000_000_123L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not base64!", "%%%", "AAAA", "eHl6"})
  @DisplayName(
      "text that is no cursor is refused with a message saying to pass the previous one unchanged")
  void malformed(String text) {
    assertThatThrownBy(() -> PageCursor.decode(text, PageCursor.DEVICES, ""))
        .isInstanceOf(PageCursor.BadCursor.class)
        .hasMessageContaining("not a cursor this API issued")
        .hasMessageContaining("unchanged");
  }

  @Test
  @DisplayName("a cursor longer than the limit is refused unread")
  void tooLong() {
    String text = "A".repeat(PageCursor.MAX_ENCODED_LENGTH + 1);
    assertThatThrownBy(() -> PageCursor.decode(text, PageCursor.DEVICES, ""))
        .isInstanceOf(PageCursor.BadCursor.class);
  }

  @Test
  @DisplayName("a cursor of another list or another device is refused and named")
  void foreign() {
    String ofTruck = PageCursor.afterPosition("truck-1", 5).encode();
    assertThatThrownBy(() -> PageCursor.decode(ofTruck, PageCursor.POSITIONS, "bike-2"))
        .isInstanceOf(PageCursor.BadCursor.class)
        .hasMessageContaining("positions of device 'truck-1'")
        .hasMessageContaining("positions of device 'bike-2'");
    assertThatThrownBy(() -> PageCursor.decode(ofTruck, PageCursor.DEVICES, ""))
        .hasMessageContaining("another list");
    String ofDevices = PageCursor.afterDevice("truck-1").encode();
    assertThatThrownBy(() -> PageCursor.decode(ofDevices, PageCursor.POSITIONS, "truck-1"))
        .hasMessageContaining("the devices list");
  }

  @Test
  @DisplayName("a forged positions cursor whose key is not a timestamp is refused as damaged")
  void damaged() {
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("1\npositions\ntruck-1\nyesterday".getBytes(StandardCharsets.UTF_8));
    PageCursor cursor = PageCursor.decode(forged, PageCursor.POSITIONS, "truck-1");
    assertThatThrownBy(cursor::keyAsTimestamp)
        .isInstanceOf(PageCursor.BadCursor.class)
        .hasMessageContaining("damaged");
  }

  @Test
  @DisplayName("a cursor of an unknown version is refused")
  void otherVersion() {
    String v2 =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("2\ndevices\n\ntruck-1".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> PageCursor.decode(v2, PageCursor.DEVICES, ""))
        .isInstanceOf(PageCursor.BadCursor.class);
  }

  @Test
  @DisplayName(
      "positions after a cursor start just past its timestamp; at the end of the range they are empty")
  void positionQueryAfterCursor() {
    PageSize size = PageSize.upTo(100);
    String cursor = PageCursor.afterPosition("d", 1_000).encode();
    PositionQuery next = PositionQuery.parse("d", "500", "2000", "10", cursor, size);
    assertThat(next.fromMs()).isEqualTo(1_001);
    assertThat(next.toMs()).isEqualTo(2_000);
    assertThat(next.limit()).isEqualTo(10);

    PositionQuery past =
        PositionQuery.parse(
            "d", null, null, null, PageCursor.afterPosition("d", Long.MAX_VALUE).encode(), size);
    assertThat(past.fromMs()).isGreaterThan(past.toMs());
  }

  @Test
  @DisplayName(
      "the page size defaults to 1000, is capped by the configured maximum and refuses 0 and above it")
  void pageSize() {
    assertThat(PageSize.upTo(100_000).parse(null)).isEqualTo(PageSize.DEFAULT_SIZE);
    assertThat(PageSize.upTo(10).parse(null)).isEqualTo(10);
    assertThat(PageSize.upTo(10).parse(" 7 ")).isEqualTo(7);
    assertThatThrownBy(() -> PageSize.upTo(10).parse("11"))
        .hasMessageContaining("from 1 to 10")
        .hasMessageContaining("BEACON_INGESTOR_MAX_PAGE_SIZE");
    assertThatThrownBy(() -> PageSize.upTo(10).parse("0")).hasMessageContaining("'limit'");
  }
}
