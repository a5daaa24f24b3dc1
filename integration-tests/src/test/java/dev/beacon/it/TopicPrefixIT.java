package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
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
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment with {@code BEACON_TOPIC_PREFIX}: every part (gateway, broadcaster, ingestor)
 * creates, writes and reads only the prefixed topics, so two deployments can share one Kafka
 * cluster.
 */
class TopicPrefixIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PREFIX = "acme.";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "with prefix acme. a fix is stored and a chat delivered through acme.* topics, and no beacon.* topic exists")
  void everyPartUsesThePrefixedTopics() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder()
              .bootstrap(kafka.bootstrap())
              .partitions(2)
              .ackTimeout(Duration.ofSeconds(3))
              .topics(new TopicNames(PREFIX))
              .build();
      Vertx vertx = Vertx.vertx();
      try {
        IngestorConfig ingest =
            IngestorConfig.builder()
                .dataDir(dir.resolve("store"))
                .apiPort(0)
                .batchMaxDelay(Duration.ofMillis(50))
                .groupId("acme-ingestor")
                .build();
        Ingestor ingestor =
            Blocking.await(Ingestor.start(vertx, ingest, settings), "start ingestor");
        BroadcasterService broadcaster =
            Blocking.await(
                BroadcasterService.start(
                    vertx,
                    BroadcasterConfig.builder()
                        .instanceId("prefix-it")
                        .groupId("acme-broadcaster")
                        .build(),
                    settings),
                "start broadcaster");
        Gateway gateway =
            Blocking.await(
                Gateway.deploy(
                    vertx,
                    GatewayConfig.builder()
                        .port(0)
                        .deviceAuth(DeviceAuthMode.OPEN)
                        .instances(1)
                        .build(),
                    KafkaBackend.of(settings),
                    ConnectionListener.NONE),
                "start gateway");

        try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws");
            TextClient chat = TextClient.connect(vertx, gateway.port(), "/chat")) {
          assertThat(device.request("prefix-1,1681593747,44.8159745,20.4601243", WAIT))
              .isEqualTo("OK");
          assertThat(new JsonObject(chat.nextReply(WAIT)).getString("type")).isEqualTo("welcome");
          chat.send("{\"type\":\"chat\",\"content\":\"through acme\"}");
          JsonObject delivered = new JsonObject(chat.nextReply(WAIT));
          assertThat(delivered.getString("type")).isEqualTo("chat");
          assertThat(delivered.getString("content")).isEqualTo("through acme");
        }
        Await.until(
            "the fix stored by the ingestor", WAIT, () -> GpsDb.rows(ingest.databaseFile()) == 1);

        try (Admin admin = Admin.create(settings.admin("prefix-it"))) {
          Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
          assertThat(topics)
              .contains(
                  "acme.beacon.gps",
                  "acme.beacon.messages",
                  "acme.beacon.deliveries",
                  "acme.beacon.presence",
                  "acme.beacon.control");
          assertThat(topics).noneMatch(t -> t.startsWith("beacon."));
        }
        Blocking.awaitQuietly(gateway.close(), "stop gateway");
        Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
        Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }
}
