package dev.beacon.runtime.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** A task that subscribes to one topic and writes down every call the loop makes, in order. */
class RecordingTask implements ConsumeTask {

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Long> offsetsPut = new CopyOnWriteArrayList<>();
  ConsumeContext context;
  /** What put does after writing the call down; throw from it to fail a turn. */
  Consumer<ConsumerRecords<byte[], byte[]>> onPut = records -> { };
  Runnable onStart = () -> { };
  boolean readyOnStart = true;
  private final String topic;

  RecordingTask(String topic) {
    this.topic = topic;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    calls.add("start");
    onStart.run();
    context.subscribe(List.of(topic));
  }

  @Override
  public void put(ConsumerRecords<byte[], byte[]> records) {
    calls.add("put");
    records.forEach(record -> offsetsPut.add(record.offset()));
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
  public boolean readyOnStart() {
    return readyOnStart;
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
