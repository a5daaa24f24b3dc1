package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

  private static final URI CHAT = URI.create("ws://127.0.0.1:8080/chat?x=1");

  @Test
  @DisplayName("defaults are valid and the URI gives host, port and request path")
  void defaults() {
    ClientOptions options = ClientOptions.builder(CHAT).header("X-Trace", "t1").build();
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.requestUri()).isEqualTo("/chat?x=1");
    assertThat(options.headers()).containsEntry("X-Trace", "t1");
    assertThat(options.maxMessageSize()).isEqualTo(ClientOptions.DEFAULT_MAX_MESSAGE_SIZE);
    assertThat(ClientOptions.builder(URI.create("wss://example.org")).build().port())
        .isEqualTo(443);
    assertThat(ClientOptions.builder(URI.create("ws://example.org")).build().requestUri())
        .isEqualTo("/");
  }

  @Test
  @DisplayName("toBuilder keeps every option and changes only what it is told")
  void toBuilder() {
    ClientOptions options =
        ClientOptions.builder(CHAT).header("X-Trace", "t1").maxFrameSize(1_000).build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
    ClientOptions other = options.toBuilder().uri(URI.create("wss://example.org/ws")).build();
    assertThat(other.port()).isEqualTo(443);
    assertThat(other.headers()).isEqualTo(options.headers());
    assertThat(other.maxFrameSize()).isEqualTo(1_000);
  }

  @Test
  @DisplayName("each invalid option is refused with a message naming its environment variable")
  void validation() {
    assertThatThrownBy(() -> ClientOptions.builder(URI.create("http://h/chat")).build())
        .hasMessageContaining("BEACON_CHAT_URL");
    assertThatThrownBy(
            () -> ClientOptions.builder(CHAT).pingInterval(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("BEACON_CLIENT_PING_INTERVAL");
    assertThatThrownBy(() -> ClientOptions.builder(CHAT).pongTimeout(Duration.ZERO).build())
        .hasMessageContaining("BEACON_CLIENT_PONG_TIMEOUT");
    assertThatThrownBy(() -> ClientOptions.builder(CHAT).maxFrameSize(10).build())
        .hasMessageContaining("BEACON_CLIENT_MAX_FRAME_SIZE");
    assertThatThrownBy(
            () -> ClientOptions.builder(CHAT).maxMessageSize(1000).maxFrameSize(2000).build())
        .hasMessageContaining("BEACON_CLIENT_MAX_MESSAGE_SIZE");
    assertThatThrownBy(() -> ClientOptions.builder(CHAT).sendQueueLimit(0).build())
        .hasMessageContaining("BEACON_CLIENT_SEND_QUEUE_LIMIT");
    assertThatThrownBy(() -> ClientOptions.builder(CHAT).requestTimeout(Duration.ZERO).build())
        .hasMessageContaining("BEACON_CLIENT_REQUEST_TIMEOUT");
  }

  @Test
  @DisplayName("keep-alive can be turned off with a zero ping interval")
  void keepAliveOff() {
    assertThat(ClientOptions.builder(CHAT).pingInterval(Duration.ZERO).build().pingInterval())
        .isZero();
  }
}
