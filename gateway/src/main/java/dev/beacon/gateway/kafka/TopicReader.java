package dev.beacon.gateway.kafka;

import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The task of a gateway's reader of one topic (deliveries, operator commands): every partition,
 * without a consumer group, from {@code from}; each record decoded, then handed to a handler. A
 * record the decoder or the handler refuses takes the loop's bad-record policy: one bad record must
 * not stop a gateway's deliveries.
 *
 * @param <T> what a record decodes to
 */
final class TopicReader<T> implements ConsumeTask<T> {

  private final String topic;
  private final ConsumeContext.From from;
  private final Duration timeout;
  private final Function<ConsumerRecord<byte[], byte[]>, T> decoder;
  private final BiConsumer<ConsumerRecord<byte[], byte[]>, T> handler;
  private ConsumeContext context;

  /**
   * @param timeout how long a topic created a moment ago may take to show its partitions
   */
  TopicReader(
      String topic,
      ConsumeContext.From from,
      Duration timeout,
      Function<ConsumerRecord<byte[], byte[]>, T> decoder,
      BiConsumer<ConsumerRecord<byte[], byte[]>, T> handler) {
    this.topic = topic;
    this.from = from;
    this.timeout = timeout;
    this.decoder = decoder;
    this.handler = handler;
  }

  /**
   * A loop running this reader over {@code consumer}; nothing to commit or leave on close, so it
   * closes at once.
   */
  ConsumeLoop loop(Consumer<byte[], byte[]> consumer, DeadLetters deadLetters) {
    return new ConsumeLoop(
        consumer,
        this,
        LoopSettings.builder()
            .name("gateway")
            .work("reading " + topic)
            .consequence("this gateway no longer sees what is written to " + topic + ", restart it")
            .idlePoll(Duration.ofMillis(100))
            .closeWithin(Duration.ZERO)
            .build(),
        deadLetters);
  }

  /**
   * Settings for {@code beacon.deliveries}: without a group, reading records the moment the broker
   * has them, before the broadcaster's transaction commits. The copies an aborted transaction
   * leaves are dropped by their {@link dev.beacon.runtime.kafka.DeliverySource} ({@link
   * dev.beacon.runtime.kafka.DuplicateFilter}).
   */
  static Map<String, Object> uncommittedSettings(KafkaSettings kafka, String clientId) {
    Map<String, Object> props = kafka.readerConsumer(clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return props;
  }

  /**
   * Assigns every partition and positions the consumer, so that nothing written after the loop is
   * ready is missed.
   */
  @Override
  public void start(ConsumeContext loopContext) {
    this.context = loopContext;
    context.assignAll(topic, from, timeout);
  }

  @Override
  public T decode(ConsumerRecord<byte[], byte[]> record) {
    return decoder.apply(record);
  }

  @Override
  public void put(Polled<T> records) {
    for (Polled.Entry<T> entry : records.good()) {
      try {
        handler.accept(entry.record(), entry.value());
      } catch (RuntimeException e) {
        context.refuse(entry.record(), e.getMessage());
      }
    }
  }
}
