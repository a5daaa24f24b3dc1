package dev.beacon.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BroadcasterIT {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a chat reaches its room and a direct to an absent client comes back as an error, read_committed")
  void routesThroughTransactions() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder()
              .bootstrap(kafka.bootstrap())
              .partitions(3)
              .ackTimeout(Duration.ofSeconds(3))
              .build();
      Vertx vertx = Vertx.vertx();
      try {
        BroadcasterService service =
            Blocking.await(
                BroadcasterService.start(
                    vertx, BroadcasterConfig.builder().instanceId("it-1").build(), settings),
                "start broadcaster");
        MessageRecord chat =
            MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", System.currentTimeMillis());
        MessageRecord direct =
            MessageRecord.direct("c-9", "c-1", "gw-a", "ana", "psst", System.currentTimeMillis());
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(settings.producer("it-producer"))) {
          for (MessageRecord m : List.of(chat, direct)) {
            producer
                .send(
                    new ProducerRecord<>(
                        Topics.MESSAGES, MessageRecordCodec.key(m), MessageRecordCodec.encode(m)))
                .get();
          }
        }

        List<ConsumerRecord<byte[], byte[]>> read = readDeliveries(settings, 2);

        List<DeliveryRecord> deliveries =
            read.stream().map(r -> DeliveryRecordCodec.decode(r.value())).toList();
        assertThat(deliveries)
            .extracting(DeliveryRecord::messageId)
            .containsExactlyInAnyOrder(chat.id(), direct.id());
        DeliveryRecord room =
            deliveries.stream()
                .filter(d -> d.messageId().equals(chat.id()))
                .findFirst()
                .orElseThrow();
        assertThat(room.room()).isEqualTo("lobby");
        DeliveryRecord error =
            deliveries.stream()
                .filter(d -> d.messageId().equals(direct.id()))
                .findFirst()
                .orElseThrow();
        assertThat(error.client()).isEqualTo("c-1");
        assertThat(error.payload()).contains("client_not_connected", "c-9");
        assertThat(read)
            .extracting(r -> new String(r.key(), UTF_8))
            .containsExactlyInAnyOrder("lobby", "@c-1");
        assertThat(service.stats().messagesRouted()).isEqualTo(2);
        Blocking.await(service.close(), "stop broadcaster");
        assertThat(service.hasFailed()).isFalse();
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readDeliveries(
      KafkaSettings settings, int expected) {
    Map<String, Object> props = settings.consumer("it-reader", "unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DELIVERIES).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }
}
