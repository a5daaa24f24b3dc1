package dev.beacon.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecordCodec;
import dev.beacon.gateway.backend.ClusterPresence;
import dev.beacon.gateway.backend.GatewayPresence;
import dev.beacon.runtime.kafka.Topics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KafkaMessagingWritersTest {

  private static Cluster threePartitions() {
    Node node = new Node(1, "localhost", 9092);
    Node[] nodes = {node};
    return new Cluster(
        "test",
        List.of(node),
        List.of(0, 1, 2).stream()
            .map(p -> new PartitionInfo(Topics.PRESENCE, p, node, nodes, nodes))
            .toList(),
        Set.of(),
        Set.of());
  }

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

  private static String key(ProducerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  private void awaitRecords(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (producer.history().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(producer.history()).hasSize(n);
  }

  @Test
  @DisplayName(
      "a message goes to beacon.messages under its key, and completes on the caller's context after the ack")
  void messageSink(Vertx vertx) throws Exception {
    KafkaMessageSink sink = new KafkaMessageSink(vertx, producer, Topics.MESSAGES);
    MessageRecord chat = MessageRecord.chat("ops", "c-1", "gw-a", "ana", "hi", 1L);
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Boolean> acked = new CompletableFuture<>();
    caller.runOnContext(
        v ->
            sink.publish(chat)
                .onComplete(
                    r -> acked.complete(r.succeeded() && Vertx.currentContext() == caller)));
    awaitRecords(1);
    ProducerRecord<byte[], byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo(Topics.MESSAGES);
    assertThat(key(record)).isEqualTo("ops");
    assertThat(MessageRecordCodec.decode(record.value())).isEqualTo(chat);
    assertThat(acked).isNotDone();
    producer.completeNext();
    assertThat(acked.get(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> failed = new CompletableFuture<>();
    caller.runOnContext(
        v ->
            sink.publish(MessageRecord.broadcast("c-1", "gw-a", "ops", "x", 1L))
                .onComplete(r -> failed.complete(r.failed())));
    awaitRecords(2);
    assertThat(key(producer.history().get(1))).isEqualTo("*");
    producer.errorNext(new NotEnoughReplicasException("isr too small"));
    assertThat(failed.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName(
      "presence writes the connection, one record per room joined (in the client's partition), the "
          + "tombstones of both on leaving, and the gateway heartbeat, and updates the view")
  void presence(Vertx vertx) throws Exception {
    MockProducer<byte[], byte[]> partitioned =
        new MockProducer<>(
            threePartitions(), false, null, new ByteArraySerializer(), new ByteArraySerializer());
    GatewayPresence presence =
        new GatewayPresence(
            "gw-a",
            Duration.ofSeconds(5),
            record -> KafkaBackend.writePresence(partitioned, Topics.PRESENCE, record),
            System::currentTimeMillis);
    ClusterPresence view = presence;
    presence.start(vertx);
    PresenceRecord.ClientConnected client =
        new PresenceRecord.ClientConnected("c-1", "gw-a", "127.0.0.1:1", 1L);
    presence.connected(client);
    presence.joined(client, "lobby");
    assertThat(view.isConnected("c-1")).isTrue();
    assertThat(view.members("lobby")).extracting(ClientPresent::clientId).containsExactly("c-1");
    presence.left("c-1", List.of("lobby"));
    presence.stop(vertx);
    List<ProducerRecord<byte[], byte[]>> records = partitioned.history();
    assertThat(records)
        .extracting(KafkaMessagingWritersTest::key)
        .containsExactly(
            "gateway:gw-a",
            "client:c-1",
            "member:c-1/lobby",
            "member:c-1/lobby",
            "client:c-1",
            "gateway:gw-a");
    assertThat(records).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.PRESENCE));
    assertThat(PresenceRecordCodec.decode(records.get(1).key(), records.get(1).value()))
        .isEqualTo(client);
    assertThat(PresenceRecordCodec.decode(records.get(2).key(), records.get(2).value()))
        .isEqualTo(client.joined("lobby"));
    assertThat(records.get(2).partition())
        .as("a membership goes to its client's partition")
        .isEqualTo(KafkaBackend.partitionOf("client:c-1", 3));
    assertThat(records.get(3).partition()).isEqualTo(KafkaBackend.partitionOf("client:c-1", 3));
    assertThat(records.subList(3, 6)).allSatisfy(r -> assertThat(r.value()).isNull());
    assertThat(view.isConnected("c-1")).isFalse();
    assertThat(PresenceRecordCodec.decode(records.get(0).key(), records.get(0).value()))
        .isInstanceOf(PresenceRecord.GatewayAlive.class);
  }
}
