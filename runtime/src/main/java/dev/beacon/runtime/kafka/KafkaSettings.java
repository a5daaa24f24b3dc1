package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Every Kafka client setting Beacon uses, built in one place.
 *
 * @param bootstrap {@code host:port[,host:port]} ({@code BEACON_KAFKA_BOOTSTRAP})
 * @param partitions partitions of each topic Beacon creates ({@code BEACON_KAFKA_PARTITIONS})
 * @param replication replication factor of each topic Beacon creates ({@code
 *     BEACON_KAFKA_REPLICATION})
 * @param ackTimeout longest a producer waits for the broker before a send fails; a device waiting
 *     for {@code OK} gets an error after this ({@code BEACON_ACK_TIMEOUT})
 * @param lingerMs producer batching delay ({@code BEACON_KAFKA_LINGER_MS})
 * @param client the operator's own client properties (SASL, SSL, ...), applied last to every client
 *     ({@code BEACON_KAFKA_CONFIG}, {@code BEACON_KAFKA_CLIENT_*})
 * @param retention how long {@code beacon.gps} and {@code beacon.deliveries} keep records when
 *     Beacon creates them
 * @param topics the names of Beacon's topics, behind an optional prefix ({@code
 *     BEACON_TOPIC_PREFIX})
 */
public record KafkaSettings(
    String bootstrap,
    int partitions,
    short replication,
    Duration ackTimeout,
    int lingerMs,
    KafkaClientProperties client,
    TopicRetention retention,
    TopicNames topics) {

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final int DEFAULT_PARTITIONS = 6;
  public static final short DEFAULT_REPLICATION = 1;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_LINGER_MS = 2;

  public KafkaSettings {
    Objects.requireNonNull(bootstrap, "bootstrap");
    client = client == null ? KafkaClientProperties.none() : client;
    retention = retention == null ? TopicRetention.defaults() : retention;
    topics = topics == null ? TopicNames.DEFAULT : topics;
    if (bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers are empty; set BEACON_KAFKA_BOOTSTRAP=host:port");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replication < 1) {
      throw new IllegalArgumentException("replication must be at least 1, got " + replication);
    }
    if (ackTimeout.toMillis() < 1000) {
      throw new IllegalArgumentException("ack timeout must be at least 1s, got " + ackTimeout);
    }
    if (lingerMs < 0) {
      throw new IllegalArgumentException("linger.ms must be zero or positive, got " + lingerMs);
    }
    // producer() gives each request at least 500 ms; Kafka refuses linger.ms + request.timeout.ms >
    // delivery.timeout.ms.
    if (lingerMs > ackTimeout.toMillis() - 500) {
      throw new IllegalArgumentException(
          "linger.ms must be at most the ack timeout minus 500 ms ("
              + (ackTimeout.toMillis() - 500)
              + "), got "
              + lingerMs);
    }
  }

  /** Every setting at its default, brokers at {@code bootstrap}. */
  public static KafkaSettings defaults(String bootstrap) {
    return builder().bootstrap(bootstrap).build();
  }

  /**
   * A builder holding every default ({@value #DEFAULT_BOOTSTRAP}, no client properties of the
   * operator's, default retention, unprefixed topics); set what differs and {@link
   * Builder#build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link KafkaSettings}; {@link #build()} validates them. */
  public static final class Builder {
    private String bootstrap = DEFAULT_BOOTSTRAP;
    private int partitions = DEFAULT_PARTITIONS;
    private short replication = DEFAULT_REPLICATION;
    private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
    private int lingerMs = DEFAULT_LINGER_MS;
    private KafkaClientProperties client = KafkaClientProperties.none();
    private TopicRetention retention = TopicRetention.defaults();
    private TopicNames topics = TopicNames.DEFAULT;

    private Builder() {}

    private Builder(KafkaSettings s) {
      bootstrap = s.bootstrap;
      partitions = s.partitions;
      replication = s.replication;
      ackTimeout = s.ackTimeout;
      lingerMs = s.lingerMs;
      client = s.client;
      retention = s.retention;
      topics = s.topics;
    }

    public Builder bootstrap(String value) {
      bootstrap = value;
      return this;
    }

    public Builder partitions(int value) {
      partitions = value;
      return this;
    }

    public Builder replication(short value) {
      replication = value;
      return this;
    }

    public Builder ackTimeout(Duration value) {
      ackTimeout = value;
      return this;
    }

    public Builder lingerMs(int value) {
      lingerMs = value;
      return this;
    }

    public Builder client(KafkaClientProperties value) {
      client = value;
      return this;
    }

    public Builder retention(TopicRetention value) {
      retention = value;
      return this;
    }

    public Builder topics(TopicNames value) {
      topics = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException saying which. */
    public KafkaSettings build() {
      return new KafkaSettings(
          bootstrap, partitions, replication, ackTimeout, lingerMs, client, retention, topics);
    }
  }

  /**
   * An idempotent producer with {@code acks=all}: a record is acknowledged only once every in-sync
   * replica has it, and retries never duplicate it in the log. {@code delivery.timeout.ms} bounds
   * how long a send can stay pending, so a caller always hears back within {@link #ackTimeout()}.
   */
  public Map<String, Object> producer(String clientId) {
    int deliveryTimeout = (int) ackTimeout.toMillis();
    Map<String, Object> props = common(clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
    props.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, deliveryTimeout - lingerMs - 100));
    // send() must never park an event loop for long: metadata is warmed at start-up and the gateway
    // bounds
    // what it has in flight, so this only guards against the unexpected.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return client.applyTo(props);
  }

  /**
   * {@link #producer} for the real-time path (chat, presence, deliveries), where someone waits for
   * each record: {@code linger.ms=0}, so a record leaves at once; under load records still batch
   * while requests are in flight. GPS fixes keep {@link #lingerMs()}, which trades a millisecond or
   * two for larger batches at 100k fixes/s.
   */
  public Map<String, Object> realtimeProducer(String clientId) {
    Map<String, Object> props = producer(clientId);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return props;
  }

  /** A consumer in {@code groupId} that commits offsets only when told to. */
  public Map<String, Object> consumer(String clientId, String groupId) {
    Map<String, Object> props = common(clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return client.applyTo(props);
  }

  /**
   * A reader's consumer: outside any group (it assigns every partition and commits nothing),
   * reading committed transactions only.
   */
  public Map<String, Object> readerConsumer(String clientId) {
    Map<String, Object> props = consumer(clientId, null);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  public Map<String, Object> admin(String clientId) {
    Map<String, Object> props = common(clientId);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
    return client.applyTo(props);
  }

  private Map<String, Object> common(String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    // Come back quickly after a broker restart instead of backing off for up to a second per
    // attempt.
    props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return props;
  }
}
