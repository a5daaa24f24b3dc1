package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("StreamPosition")
class StreamPositionTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "q2vKd7Lw-3-1042",
        "AAAAAAAA-0-0",
        "a-b_c-d_-12-7",
        "---------0-1",
        "zzzzzzzz-2147483647-9223372036854775807"
      })
  @DisplayName("parses its compact form and formats back to the same text")
  void roundTrip(String text) throws ProtocolException {
    StreamPosition pos = StreamPosition.parse(text);
    assertThat(pos.toString()).isEqualTo(text);
    assertThat(StreamPosition.parse(pos.toString())).isEqualTo(pos);
  }

  @Test
  @DisplayName("reads an epoch containing dashes by its length")
  void dashedEpoch() throws ProtocolException {
    assertThat(StreamPosition.parse("a-b_c-d_-12-7"))
        .isEqualTo(new StreamPosition("a-b_c-d_", 12, 7));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "x",
        "q2vKd7Lw",
        "q2vKd7Lw-3",
        "q2vKd7Lw-3-",
        "q2vKd7Lw--1",
        "q2vKd7L-3-1",
        "q2vKd7Lwx-3-1",
        "q2vKd7Lw-3-1-2",
        "q2vKd7Lw-+3-1",
        "q2vKd7Lw-3-+1",
        "q2vKd7Lw- 3-1",
        "q2vK d7L-3-1",
        "q2vKd7L!-3-1",
        "q2vKd7Lw-2147483648-1",
        "q2vKd7Lw-3-9223372036854775808",
        "q2vKd7Lw-3-1.5",
        "q2vKd7Lw-3-99999999999999999999"
      })
  @DisplayName("refuses anything else with bad_request, showing the expected form")
  void malformed(String text) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> StreamPosition.parse(text));
    assertThat(e.code()).isEqualTo("bad_request");
    assertThat(e.getMessage()).contains("<epoch>-<partition>-<offset>", StreamPosition.EXAMPLE);
  }

  @Test
  @DisplayName("refuses null with bad_request")
  void nullText() {
    assertThat(assertThrows(ProtocolException.class, () -> StreamPosition.parse(null)).code())
        .isEqualTo("bad_request");
  }

  @Test
  @DisplayName("takes the epoch from the first 8 characters of the topic id")
  void epochOfTopic() {
    // A Kafka topic id's text form: 22 characters of URL-safe base64.
    String id = "q2vKd7LwRk6nC1x0-9_aZw";
    assertThat(StreamPosition.epochOf(id)).isEqualTo(id.substring(0, 8)).hasSize(8);
    assertThat(new StreamPosition(StreamPosition.epochOf(id), 0, 0).epoch())
        .isEqualTo(id.substring(0, 8));
  }

  @Test
  @DisplayName("orders positions of one stream by offset; next() is one further")
  void ordering() {
    StreamPosition a = new StreamPosition("q2vKd7Lw", 3, 10);
    StreamPosition b = a.next();
    assertThat(b).isEqualTo(new StreamPosition("q2vKd7Lw", 3, 11));
    assertThat(b.isAfter(a)).isTrue();
    assertThat(a.isBefore(b)).isTrue();
    assertThat(a.isAfter(a)).isFalse();
    assertThat(a.compareWithin(new StreamPosition("q2vKd7Lw", 3, 10))).isZero();
  }

  @Test
  @DisplayName("refuses to order positions of different partitions or epochs")
  void differentStreams() {
    StreamPosition a = new StreamPosition("q2vKd7Lw", 3, 10);
    assertThat(a.sameStream(new StreamPosition("q2vKd7Lw", 4, 10))).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> a.isAfter(new StreamPosition("q2vKd7Lw", 4, 1)))
        .withMessageContaining("different streams");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> a.isAfter(new StreamPosition("XXXXXXXX", 3, 1)));
  }

  @Test
  @DisplayName("refuses an invalid epoch, partition or offset at construction")
  void invalidComponents() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StreamPosition("short", 0, 0))
        .withMessageContaining("epoch");
    assertThatIllegalArgumentException().isThrownBy(() -> new StreamPosition(null, 0, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new StreamPosition("q2vKd7Lw", -1, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new StreamPosition("q2vKd7Lw", 0, -1));
  }
}
