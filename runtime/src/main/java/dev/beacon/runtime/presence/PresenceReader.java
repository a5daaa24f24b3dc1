package dev.beacon.runtime.presence;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecordCodec;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import dev.beacon.runtime.kafka.Topics;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of the compacted {@code beacon.presence}, for gateways and the broadcaster alike:
 * every partition from the beginning, no consumer group, nothing committed, each record applied to
 * a {@link PresenceView}. Its loop is {@linkplain ConsumeLoop#ready() ready} once everything the
 * topic held at start has been applied (the loop's rule for assigned readers), so that no one
 * judges presence against a half-loaded view: the broadcaster starts routing only then, and a
 * gateway's {@code /ready} waits for it.
 */
public final class PresenceReader implements ConsumeTask<PresenceRecord> {

  /** The thread's name, in every process. */
  public static final String THREAD = "beacon-presence";

  /**
   * How long a poll waits when nothing comes: the most a presence change waits once it is in Kafka.
   */
  static final Duration IDLE_POLL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(PresenceReader.class);

  private final String topic;
  private final PresenceView view;
  private final Consumer<PresenceRecord> applied;
  private final Duration timeout;

  /**
   * A reader of {@code view}'s topic with a consumer of its own.
   *
   * @param consequence what no longer works when it dies, and what to do, for the log
   * @param applied called after each record applied (a counter), on the reader's thread
   */
  public static ConsumeLoop loop(
      KafkaSettings kafka,
      String clientId,
      PresenceView view,
      String consequence,
      Runnable applied) {
    return loop(kafka, clientId, view, consequence, record -> applied.run());
  }

  /**
   * As above, and {@code heard} hears each record, in the topic's order, once the view has it (on
   * the reader's thread).
   */
  public static ConsumeLoop loop(
      KafkaSettings kafka,
      String clientId,
      PresenceView view,
      String consequence,
      Consumer<PresenceRecord> heard) {
    PresenceReader reader =
        new PresenceReader(
            kafka.topics().presence(), view, heard, kafka.ackTimeout().multipliedBy(3));
    return ConsumeLoop.create(
        () -> new KafkaConsumer<>(kafka.readerConsumer(clientId)),
        reader,
        settings(consequence),
        new KafkaDeadLetters(kafka, clientId));
  }

  static LoopSettings settings(String consequence) {
    // Nothing to commit or leave on close: a reader outside any group closes at once.
    return LoopSettings.builder()
        .name("presence reader")
        .work("reading " + Topics.PRESENCE)
        .consequence(consequence)
        .idlePoll(IDLE_POLL)
        .closeWithin(Duration.ZERO)
        .build();
  }

  /**
   * @param topic {@code beacon.presence} under this deployment's prefix
   * @param timeout how long a topic created a moment ago may take to show its partitions
   */
  PresenceReader(String topic, PresenceView view, Runnable applied, Duration timeout) {
    this(topic, view, record -> applied.run(), timeout);
  }

  PresenceReader(
      String topic, PresenceView view, Consumer<PresenceRecord> applied, Duration timeout) {
    this.topic = topic;
    this.view = view;
    this.applied = applied;
    this.timeout = timeout;
  }

  @Override
  public void start(ConsumeContext context) {
    context.assignAll(topic, ConsumeContext.From.BEGINNING, timeout);
  }

  @Override
  public PresenceRecord decode(ConsumerRecord<byte[], byte[]> record) {
    return PresenceRecordCodec.decode(record.key(), record.value());
  }

  @Override
  public void put(Polled<PresenceRecord> records) {
    for (Polled.Entry<PresenceRecord> entry : records.good()) {
      view.apply(entry.value());
      applied.accept(entry.value());
    }
  }

  @Override
  public String stoppedDetails() {
    return " (" + view.entries() + " client entries)";
  }
}
