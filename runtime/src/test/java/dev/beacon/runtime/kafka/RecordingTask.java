package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A task that subscribes to (or assigns) one topic and writes down every call the loop makes, in
 * order. A record whose value starts with {@code x} is refused by its decoder.
 */
class RecordingTask implements ConsumeTask<byte[]> {

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Long> offsetsPut = new CopyOnWriteArrayList<>();
  final List<Long> badOffsetsPut = new CopyOnWriteArrayList<>();
  ConsumeContext context;

  /** What put does after writing the call down; throw from it to fail a turn. */
  Consumer<Polled<byte[]>> onPut = records -> {};

  Runnable onStart = () -> {};

  /** Assign every partition from the beginning instead of subscribing. */
  boolean assign;

  private final String topic;

  RecordingTask(String topic) {
    this.topic = topic;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    calls.add("start");
    onStart.run();
    if (assign) {
      context.assignAll(topic, ConsumeContext.From.BEGINNING, Duration.ofSeconds(1));
    } else {
      context.subscribe(List.of(topic));
    }
  }

  @Override
  public byte[] decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() != null && record.value().length > 0 && record.value()[0] == 'x') {
      throw new IllegalArgumentException("starts with x");
    }
    return record.value();
  }

  @Override
  public void put(Polled<byte[]> records) {
    calls.add("put");
    records
        .entries()
        .forEach(entry -> (entry.bad() ? badOffsetsPut : offsetsPut).add(entry.record().offset()));
    onPut.accept(records);
  }

  @Override
  public void afterPoll() {
    calls.add("afterPoll");
  }

  @Override
  public void onAssigned(Collection<TopicPartition> partitions) {
    calls.add("assigned " + sorted(partitions));
  }

  @Override
  public void onRevoked(Collection<TopicPartition> partitions) {
    calls.add("revoked " + sorted(partitions));
  }

  @Override
  public void flush() {
    calls.add("flush");
  }

  @Override
  public void close() {
    calls.add("close");
  }

  List<String> callsExcept(String... repeated) {
    List<String> kept = new ArrayList<>(calls);
    kept.removeAll(List.of(repeated));
    return kept;
  }

  private static List<String> sorted(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::toString).sorted().toList();
  }
}
