package dev.beacon.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.TestClient;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KafkaReadinessTest {

  @Test
  @DisplayName("an unreachable broker makes the gateway not ready, with the address in the reason")
  void unreachableBroker(Vertx vertx) throws IOException {
    String bootstrap = "127.0.0.1:" + closedPort();
    KafkaReadiness readiness =
        TestClient.await(
            KafkaReadiness.start(
                vertx,
                KafkaSettings.defaults(bootstrap),
                "readiness-test",
                Duration.ofSeconds(2),
                Duration.ofMillis(300)));
    try {
      assertThat(readiness.ready()).isFalse();
      assertThat(readiness.reason()).contains(bootstrap).contains("did not answer within 300 ms");
    } finally {
      TestClient.await(readiness.close());
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
