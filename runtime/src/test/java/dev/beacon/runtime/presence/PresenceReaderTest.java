package dev.beacon.runtime.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecordCodec;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.DeadLetters;
import dev.beacon.runtime.kafka.RetryBackoff;
import dev.beacon.runtime.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceReaderTest {

  private static final long NOW = 1_763_762_345_123L;
  private static final TopicPartition P0 = new TopicPartition(Topics.PRESENCE, 0);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final PresenceView view = new PresenceView();
  private final AtomicInteger applied = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsumeLoop reader =
      new ConsumeLoop(
          consumer,
          new PresenceReader(
              Topics.PRESENCE, view, applied::incrementAndGet, Duration.ofSeconds(1)),
          PresenceReader.settings("test"),
          new RetryBackoff(),
          DeadLetters.NONE,
          registry);

  private void add(long offset, PresenceRecord record) {
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.PRESENCE,
            0,
            offset,
            PresenceRecordCodec.key(record),
            PresenceRecordCodec.encode(record)));
  }

  @Test
  @DisplayName(
      "reads presence from the beginning, skips malformed records, is ready once it reached the end it had at"
          + " start: the one readiness rule of gateways and broadcaster")
  void loadsThenReady() {
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        Topics.PRESENCE, List.of(new PartitionInfo(Topics.PRESENCE, 0, node, null, null)));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 4L));

    reader.start();
    assertThat(reader.ready()).isNotDone();

    add(0, new PresenceRecord.GatewayAlive("gw-a", NOW));
    add(1, new PresenceRecord.ClientPresent("c-1", "gw-a", "", NOW, List.of("lobby")));
    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.PRESENCE, 0, 2, "bogus".getBytes(StandardCharsets.UTF_8), new byte[] {'{'}));
    add(3, new PresenceRecord.ClientPresent("c-2", "gw-a", "", NOW, List.of("lobby")));
    reader.pollOnce();

    assertThat(reader.ready()).isCompleted();
    assertThat(view.members("lobby", NOW)).hasSize(2);
    assertThat(applied).hasValue(3);
    assertThat(
            registry
                .counter(
                    "beacon_consumer_bad_records",
                    "topic",
                    Topics.PRESENCE,
                    "task",
                    "presence reader")
                .count())
        .isEqualTo(1);

    consumer.addRecord(
        new ConsumerRecord<>(
            Topics.PRESENCE, 0, 4, "client:c-1".getBytes(StandardCharsets.UTF_8), null));
    reader.pollOnce();
    assertThat(view.isPresent("c-1", NOW)).isFalse();
    assertThat(view.isPresent("c-2", NOW)).isTrue();
  }
}
