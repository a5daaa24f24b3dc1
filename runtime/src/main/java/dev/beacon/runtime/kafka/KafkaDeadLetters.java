package dev.beacon.runtime.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter topic {@code <prefix>beacon.dlq} (docs/topics.md): a refused record is written
 * there as it was read (key, value and headers unchanged), with headers saying where it came from
 * and why. The producer is made on the first dead letter, so a healthy process holds none. Sends
 * are asynchronous; a failed one is logged, since the record is counted and logged already and must
 * not stop the loop.
 */
public final class KafkaDeadLetters implements DeadLetters {

  /** The topic the record was read from. */
  public static final String TOPIC = "beacon.dlq.topic";

  /** Its partition, decimal. */
  public static final String PARTITION = "beacon.dlq.partition";

  /** Its offset, decimal. */
  public static final String OFFSET = "beacon.dlq.offset";

  /** The loop that refused it ({@link LoopSettings#name()}). */
  public static final String TASK = "beacon.dlq.task";

  /** Why, in words. */
  public static final String REASON = "beacon.dlq.reason";

  private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetters.class);

  private final Map<String, Object> props;
  private final String topic;
  private Producer<byte[], byte[]> producer;

  /** Dead letters of a client named {@code clientId} to {@code kafka}'s {@code beacon.dlq}. */
  public KafkaDeadLetters(KafkaSettings kafka, String clientId) {
    this.props = kafka.producer(clientId + "-dlq");
    this.topic = kafka.topics().deadLetters();
  }

  @Override
  public synchronized void send(ConsumerRecord<byte[], byte[]> record, String task, String reason) {
    try {
      if (producer == null) {
        producer = new KafkaProducer<>(props);
      }
      producer.send(
          letter(topic, record, task, reason),
          (metadata, error) -> {
            if (error != null) {
              log.warn(
                  "dead letter {}-{}@{} not written to {}: {}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  topic,
                  error.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn(
          "dead letter {}-{}@{} not written to {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          topic,
          e.toString());
    }
  }

  /**
   * {@code record} as a dead letter on {@code topic}: as it was, plus where it came from and why.
   */
  static ProducerRecord<byte[], byte[]> letter(
      String topic, ConsumerRecord<byte[], byte[]> record, String task, String reason) {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(topic, record.key(), record.value());
    Headers headers = letter.headers();
    for (Header header : record.headers()) {
      headers.add(header);
    }
    headers.add(TOPIC, utf8(record.topic()));
    headers.add(PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(OFFSET, utf8(Long.toString(record.offset())));
    headers.add(TASK, utf8(task));
    headers.add(REASON, utf8(reason == null ? "" : reason));
    return letter;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void flush() {
    if (producer != null) {
      try {
        producer.flush();
      } catch (RuntimeException e) {
        log.warn("dead letters not flushed to {}: {}", topic, e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      try {
        producer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("closing the dead-letter producer failed: {}", e.toString());
      }
      producer = null;
    }
  }
}
