package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EndpointPathsTest {

  @Test
  @DisplayName("a prefix moves the endpoints")
  void prefixMovesTheEndpoints() {
    EndpointPaths paths = new EndpointPaths("/rt");
    assertThat(paths.webSocket()).containsExactlyInAnyOrder("/rt", "/rt/", "/rt/ws", "/rt/chat");
    assertThat(paths.api()).isEqualTo("/rt/api");
    assertThat(new EndpointPaths("").webSocket()).containsExactlyInAnyOrder("/", "/ws", "/chat");
  }
}
