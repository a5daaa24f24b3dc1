package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("KafkaClientProperties")
class KafkaClientPropertiesTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "reads a properties file, overlays BEACON_KAFKA_CLIENT_* and reaches every client Beacon makes")
  void fileAndEnvironment() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            String.join(
                "\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";",
                "linger.ms=20",
                ""));
    KafkaClientProperties props =
        KafkaClientProperties.load(
            file,
            Map.of(
                "BEACON_KAFKA_CLIENT_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "BEACON_KAFKA_BOOTSTRAP",
                "ignored:1",
                "PATH",
                "/bin"));
    assertThat(props.values())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("linger.ms", "20")
        .hasSize(4);

    KafkaSettings settings = KafkaSettings.builder().bootstrap("broker:9093").client(props).build();
    for (Map<String, Object> client :
        java.util.List.of(
            settings.producer("p"), settings.consumer("c", "g"), settings.admin("a"))) {
      assertThat(client)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("bootstrap.servers", "broker:9093");
    }
    assertThat(settings.producer("p"))
        .as("the operator's tuning wins")
        .containsEntry("linger.ms", "20")
        .containsEntry("acks", "all");
  }

  @Test
  @DisplayName(
      "refuses the properties Beacon's guarantees rest on, and a missing file, naming the setting")
  void reserved() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                KafkaClientProperties.load(
                    null,
                    Map.of(
                        "BEACON_KAFKA_CLIENT_ACKS",
                        "1",
                        "BEACON_KAFKA_CLIENT_ENABLE_AUTO_COMMIT",
                        "true")))
        .withMessageContaining("[acks, enable.auto.commit] are set by Beacon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KafkaClientProperties.load(dir.resolve("missing"), Map.of()))
        .withMessageContaining("BEACON_KAFKA_CONFIG");
  }

  @Test
  @DisplayName("prints secrets masked")
  void masked() {
    KafkaClientProperties props =
        new KafkaClientProperties(
            Map.of(
                "sasl.jaas.config",
                "... password=\"hunter2\";",
                "ssl.truststore.password",
                "hunter3",
                "ssl.key.password",
                "hunter4",
                "security.protocol",
                "SSL"));
    assertThat(props.toString()).doesNotContain("hunter").contains("security.protocol=SSL");
    assertThat(KafkaSettings.builder().bootstrap("b:1").client(props).build().toString())
        .doesNotContain("hunter");
  }

  @Test
  @DisplayName("retention of beacon.gps and beacon.deliveries is settable and validated")
  void retention() {
    KafkaSettings settings =
        KafkaSettings.builder()
            .bootstrap("b:1")
            .retention(new TopicRetention(Duration.ofDays(30), Duration.ofHours(2)))
            .build();
    TopicProvisioner provisioner = new TopicProvisioner(settings);
    assertThat(provisioner.gpsTopic().configs())
        .containsEntry("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()));
    assertThat(provisioner.deliveriesTopic().configs())
        .containsEntry("retention.ms", String.valueOf(Duration.ofHours(2).toMillis()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TopicRetention(Duration.ofMinutes(5), Duration.ofHours(1)))
        .withMessageContaining("BEACON_GPS_RETENTION");
  }
}
