package dev.beacon.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("KafkaSettings")
class KafkaSettingsTest {

  private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092";

  private static KafkaSettings settings(long ackTimeoutMs, int lingerMs) {
    return KafkaSettings.builder()
        .bootstrap(BOOTSTRAP)
        .partitions(3)
        .ackTimeout(Duration.ofMillis(ackTimeoutMs))
        .lingerMs(lingerMs)
        .build();
  }

  private static int intProp(Map<String, Object> props, String name) {
    return ((Number) props.get(name)).intValue();
  }

  @Nested
  @DisplayName("producer")
  class Producer {

    private final Map<String, Object> props = KafkaSettings.defaults(BOOTSTRAP).producer("gw-1");

    @Test
    @DisplayName("waits for every in-sync replica and is idempotent")
    void durability() {
      assertThat(props)
          .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
          .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      // idempotence requires at most 5 requests in flight
      assertThat(intProp(props, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
          .isBetween(1, 5);
    }

    @Test
    @DisplayName("bounds a send by the ack timeout: delivery.timeout.ms equals it")
    void deliveryTimeoutIsAckTimeout() {
      assertThat(intProp(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
          .isEqualTo(KafkaSettings.DEFAULT_ACK_TIMEOUT.toMillis());
    }

    @Test
    @DisplayName("carries bootstrap, client id, linger and byte-array serializers")
    void basics() {
      assertThat(props)
          .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP)
          .containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "gw-1")
          .containsEntry(ProducerConfig.LINGER_MS_CONFIG, KafkaSettings.DEFAULT_LINGER_MS)
          .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
          .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    @ParameterizedTest(name = "ack timeout {0} ms, linger {1} ms")
    @CsvSource({
      "1000,   0",
      "1000,   2",
      "1000,   400",
      "1000,   500",
      "1500,   1000",
      "5000,   2",
      "5000,   4500",
      "30000,  100",
      "120000, 0",
    })
    @DisplayName(
        "keeps request.timeout.ms + linger.ms <= delivery.timeout.ms, which Kafka requires")
    void timeoutsFit(long ackTimeoutMs, int lingerMs) {
      Map<String, Object> p = settings(ackTimeoutMs, lingerMs).producer("c");
      int delivery = intProp(p, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
      int request = intProp(p, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
      int linger = intProp(p, ProducerConfig.LINGER_MS_CONFIG);

      assertThat(delivery).isEqualTo(ackTimeoutMs);
      assertThat(linger).isEqualTo(lingerMs);
      assertThat(request).isPositive();
      assertThat(request + linger).isLessThanOrEqualTo(delivery);
    }

    @ParameterizedTest(name = "ack timeout {0} ms, linger {1} ms")
    @CsvSource({
      "1000,   2",
      "1000,   500",
      "5000,   4500",
      "30000,  100",
    })
    @DisplayName("passes Kafka's own ProducerConfig validation with the values intact")
    void acceptedByKafka(long ackTimeoutMs, int lingerMs) {
      ProducerConfig config = new ProducerConfig(settings(ackTimeoutMs, lingerMs).producer("c"));

      // ProducerConfig normalises acks=all to its numeric form -1
      assertThat(config.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
      assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
      assertThat(config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
          .isEqualTo((int) ackTimeoutMs);
      assertThat(
              config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)
                  + config.getLong(ProducerConfig.LINGER_MS_CONFIG))
          .isLessThanOrEqualTo(config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
      assertThat(config.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
          .containsExactly("kafka-1:9092", "kafka-2:9092");
    }

    @Test
    @DisplayName("with the defaults passes ProducerConfig validation")
    void defaultsAcceptedByKafka() {
      assertThatCode(() -> new ProducerConfig(props)).doesNotThrowAnyException();
    }
  }

  @Nested
  @DisplayName("consumer")
  class Consumer {

    private final Map<String, Object> props =
        KafkaSettings.defaults(BOOTSTRAP).consumer("ing-1", "beacon-ingestor");

    @Test
    @DisplayName("never commits offsets on its own")
    void autoCommitOff() {
      assertThat(props).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      assertThat(new ConsumerConfig(props).getBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG))
          .isFalse();
    }

    @Test
    @DisplayName(
        "joins the given group, reads from the earliest offset, with byte-array deserializers")
    void basics() {
      assertThat(props)
          .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "beacon-ingestor")
          .containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "ing-1")
          .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP)
          .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
          .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
          .containsEntry(
              ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      assertThatCode(() -> new ConsumerConfig(props)).doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName(
      "admin: uses the ack timeout for requests and API calls, accepted by AdminClientConfig")
  void admin() {
    Map<String, Object> props = settings(7_000, 2).admin("prov");

    assertThat(props)
        .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 7_000)
        .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 7_000)
        .containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "prov");
    assertThatCode(() -> new AdminClientConfig(props)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("defaults: documented values, and toBuilder changes only what it is told")
  void defaultsAndToBuilder() {
    KafkaSettings d = KafkaSettings.defaults(KafkaSettings.DEFAULT_BOOTSTRAP);

    assertThat(d)
        .isEqualTo(KafkaSettings.builder().bootstrap("127.0.0.1:9092").partitions(6).build());
    assertThat(d.toBuilder().partitions(12).build())
        .isEqualTo(KafkaSettings.builder().bootstrap("127.0.0.1:9092").partitions(12).build());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> d.toBuilder().partitions(0).build())
        .withMessage("partitions must be at least 1, got 0");
  }

  @Nested
  @DisplayName("validation")
  class Validation {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", " ", "\t", "  \n "})
    @DisplayName("rejects blank bootstrap servers, telling how to set them")
    void blankBootstrap(String bootstrap) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> KafkaSettings.defaults(bootstrap))
          .withMessage("Kafka bootstrap servers are empty; set BEACON_KAFKA_BOOTSTRAP=host:port");
    }

    @Test
    @DisplayName("rejects null bootstrap servers, naming them")
    void nullBootstrap() {
      assertThatNullPointerException()
          .isThrownBy(() -> KafkaSettings.defaults(null))
          .withMessage("bootstrap");
    }

    @ParameterizedTest(name = "partitions {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    @DisplayName("rejects fewer than one partition, quoting the value")
    void partitions(int partitions) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> KafkaSettings.builder().bootstrap(BOOTSTRAP).partitions(partitions).build())
          .withMessage("partitions must be at least 1, got " + partitions);
    }

    @ParameterizedTest(name = "replication {0}")
    @ValueSource(shorts = {0, -1})
    @DisplayName("rejects a replication factor below one, quoting the value")
    void replication(short replication) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  KafkaSettings.builder()
                      .bootstrap(BOOTSTRAP)
                      .partitions(1)
                      .replication(replication)
                      .build())
          .withMessage("replication must be at least 1, got " + replication);
    }

    @ParameterizedTest(name = "ack timeout {0} ms")
    @ValueSource(longs = {999, 1, 0, -1000})
    @DisplayName("rejects an ack timeout below one second, quoting the value")
    void ackTimeout(long millis) {
      Duration timeout = Duration.ofMillis(millis);

      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  KafkaSettings.builder()
                      .bootstrap(BOOTSTRAP)
                      .partitions(1)
                      .ackTimeout(timeout)
                      .lingerMs(0)
                      .build())
          .withMessage("ack timeout must be at least 1s, got " + timeout);
    }

    @Test
    @DisplayName("accepts an ack timeout of exactly one second")
    void ackTimeoutOfOneSecond() {
      assertThat(
              KafkaSettings.builder()
                  .bootstrap(BOOTSTRAP)
                  .partitions(1)
                  .ackTimeout(Duration.ofSeconds(1))
                  .lingerMs(0)
                  .build()
                  .ackTimeout())
          .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("rejects a negative linger")
    void negativeLinger() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> settings(5_000, -1))
          .withMessage("linger.ms must be zero or positive, got -1");
    }

    @ParameterizedTest(name = "ack timeout {0} ms, linger {1} ms")
    @CsvSource({"1000, 501", "1000, 1000", "1000, 5000", "5000, 4501"})
    @DisplayName(
        "rejects a linger that leaves less than 500 ms of the ack timeout, which Kafka would refuse")
    void lingerTooLongForAckTimeout(long ackTimeoutMs, int lingerMs) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> settings(ackTimeoutMs, lingerMs))
          .withMessageContaining("linger.ms must be at most")
          .withMessageContaining(String.valueOf(ackTimeoutMs - 500))
          .withMessageEndingWith("got " + lingerMs);
    }
  }
}
