package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same pipeline against the official {@code apache/kafka} image, for teams that run Docker and
 * want to test against the broker image they deploy. Skipped where no Docker engine runs. The image
 * can be changed with {@code -Dbeacon.kafka.image=apache/kafka:<tag>}.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaImagePipelineIT {

  /**
   * The official image of the Kafka version Beacon embeds (kafka.version in pom.xml), as in
   * docker-compose.yml.
   */
  static final String DEFAULT_IMAGE =
      "apache/kafka:" + System.getProperty("beacon.kafka.version", "4.3.1");

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(System.getProperty("beacon.kafka.image", DEFAULT_IMAGE));

  @TempDir Path dir;

  @Test
  @DisplayName(
      "fixes sent through a gateway land in SQLite exactly once with the official Kafka image")
  void pipelineOnOfficialImage() {
    Vertx vertx = Vertx.vertx();
    KafkaSettings settings = KafkaSettings.defaults(KAFKA.getBootstrapServers());
    try {
      Ingestor ingestor =
          Blocking.await(
              Ingestor.start(
                  vertx,
                  IngestorConfig.builder()
                      .dataDir(dir)
                      .apiPort(0)
                      .batchMaxDelay(Duration.ofMillis(50))
                      .build(),
                  settings),
              "ingestor");
      Gateway gateway =
          Blocking.await(
              Gateway.deploy(
                  vertx,
                  GatewayConfig.builder().port(0).deviceAuth(DeviceAuthMode.OPEN).build(),
                  KafkaBackend.of(settings),
                  ConnectionListener.NONE),
              "gateway");
      List<String> frames = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        frames.add(GpsPipelineIT.csv("img-" + (i % 10), 1_681_593_747_000L + i, 10.5, -100.25));
      }
      try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
        assertThat(device.pipeline(frames, Duration.ofSeconds(30))).containsOnly("OK");
        assertThat(device.pipeline(frames, Duration.ofSeconds(30))).containsOnly("OK");
      }
      Await.equal("rows", Duration.ofSeconds(60), 200L, () -> GpsDb.rows(dir.resolve("gps.db")));
      Blocking.await(gateway.close(), "stop gateway");
      Blocking.await(ingestor.close(), "stop ingestor");
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }
}
