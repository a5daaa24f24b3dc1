package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.embedded.kafka.KafkaBrokerConfig.SaslPlainListener;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.kafka.KafkaClientProperties;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose client listener takes only SASL/PLAIN logins, and a {@code beacon gateway} and
 * {@code beacon ingestor} that reach it through a Kafka client properties file ({@code
 * BEACON_KAFKA_CONFIG}), as they would a company cluster, MSK or Confluent Cloud.
 */
@DisplayName("Beacon on a SASL-secured Kafka listener")
class SecuredKafkaIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir Path dir;

  @Test
  @DisplayName(
      "a fix goes device -> gateway -> SASL listener -> ingestor -> SQLite; a wrong password is refused")
  void fixThroughSasl() throws Exception {
    KafkaBrokerConfig broker =
        KafkaBrokerConfig.onFreePorts(dir.resolve("broker")).toBuilder()
            .saslPlain(SaslPlainListener.onFreePort("beacon", "sasl-test-password"))
            .build();
    Path clientConfig = dir.resolve("client.properties");
    Properties props = new Properties();
    props.putAll(broker.saslPlain().clientProperties());
    try (var out = Files.newBufferedWriter(clientConfig)) {
      props.store(out, "SASL/PLAIN login of Beacon's clients");
    }
    int gatewayPort = FreePorts.next();
    int apiPort = FreePorts.next();
    Path data = dir.resolve("ingestor");
    Vertx vertx = Vertx.vertx();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(broker);
        BeaconProcess gateway =
            BeaconProcess.start(
                dir.resolve("gateway.log"),
                Map.of(
                    "BEACON_KAFKA_BOOTSTRAP",
                    broker.saslBootstrap(),
                    "BEACON_KAFKA_CONFIG",
                    clientConfig.toString(),
                    "BEACON_KAFKA_PARTITIONS",
                    "2",
                    "BEACON_GPS_RETENTION",
                    "3d",
                    "BEACON_ACK_TIMEOUT",
                    "15s",
                    "BEACON_GATEWAY_PORT",
                    String.valueOf(gatewayPort)),
                "gateway");
        BeaconProcess ingestor =
            BeaconProcess.start(
                dir.resolve("ingestor.log"),
                Map.of(
                    "BEACON_KAFKA_BOOTSTRAP",
                    broker.saslBootstrap(),
                    "BEACON_KAFKA_CONFIG",
                    clientConfig.toString(),
                    "BEACON_KAFKA_PARTITIONS",
                    "2",
                    "BEACON_GPS_RETENTION",
                    "3d",
                    "BEACON_ACK_TIMEOUT",
                    "15s",
                    "BEACON_DATA_DIR",
                    data.toString(),
                    "BEACON_INGESTOR_PORT",
                    String.valueOf(apiPort)),
                "ingestor")) {
      gateway.awaitHttpOk("http://127.0.0.1:" + gatewayPort + "/ready", WAIT);
      ingestor.awaitHttpOk("http://127.0.0.1:" + apiPort + "/ready", WAIT);

      try (TextClient device = TextClient.connect(vertx, gatewayPort, "/ws")) {
        assertThat(device.request("sasl-1,1681593747,44.8159745,20.4601243", WAIT)).isEqualTo("OK");
      }
      Await.equal(
          "the fix stored by the ingestor", WAIT, 1L, () -> GpsDb.rows(data.resolve("gps.db")));

      KafkaSettings secured =
          KafkaSettings.builder()
              .bootstrap(broker.saslBootstrap())
              .client(KafkaClientProperties.load(clientConfig, Map.of()))
              .build();
      try (Admin admin = Admin.create(secured.admin("sasl-it"))) {
        ConfigEntry retention =
            admin
                .describeConfigs(
                    java.util.List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.GPS)))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .iterator()
                .next()
                .get("retention.ms");
        assertThat(retention.value())
            .as("BEACON_GPS_RETENTION=3d")
            .isEqualTo(String.valueOf(Duration.ofDays(3).toMillis()));
      }
      KafkaSettings wrongPassword =
          KafkaSettings.builder()
              .bootstrap(broker.saslBootstrap())
              .client(
                  KafkaClientProperties.load(
                      null,
                      Map.of(
                          "BEACON_KAFKA_CLIENT_SECURITY_PROTOCOL",
                          "SASL_PLAINTEXT",
                          "BEACON_KAFKA_CLIENT_SASL_MECHANISM",
                          "PLAIN",
                          "BEACON_KAFKA_CLIENT_SASL_JAAS_CONFIG",
                          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"beacon\" password=\"nope\";")))
              .build();
      try (Admin admin = Admin.create(wrongPassword.admin("sasl-it-wrong"))) {
        assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
      }
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }
}
