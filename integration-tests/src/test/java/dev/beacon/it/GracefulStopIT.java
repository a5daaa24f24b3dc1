package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsRecordCodec;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.DrainingClients;
import dev.beacon.it.support.FreePorts;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code beacon gateway} as a process with 1,000 busy clients gets SIGTERM: readiness fails first,
 * every client is closed with 1001, the closes are spread over the drain window, and nothing
 * acknowledged is lost.
 */
class GracefulStopIT {

  private static final Logger log = LoggerFactory.getLogger(GracefulStopIT.class);

  private static final int DEVICES = 500;
  private static final int CHATS = 500;
  private static final Duration DRAIN_WINDOW = Duration.ofSeconds(6);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "SIGTERM with 1,000 clients: /ready 503 first, all closed with 1001 over the window, no ack lost")
  void sigtermDrainsEveryClient() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
      Vertx vertx = Vertx.vertx();
      BroadcasterService broadcaster =
          Blocking.await(
              BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings),
              "start broadcaster");
      int port = FreePorts.next();
      try (BeaconProcess gateway =
          BeaconProcess.start(
              dir.resolve("gateway.log"),
              Map.of(
                  "BEACON_KAFKA_BOOTSTRAP",
                  kafka.bootstrap(),
                  "BEACON_GATEWAY_PORT",
                  String.valueOf(port),
                  "BEACON_KAFKA_PARTITIONS",
                  "3",
                  "BEACON_DRAIN_READINESS_DELAY",
                  "1s",
                  "BEACON_DRAIN_WINDOW",
                  DRAIN_WINDOW.toSeconds() + "s"),
              "gateway")) {
        String ready = "http://127.0.0.1:" + port + "/ready";
        gateway.awaitHttpOk(ready, WAIT);
        DrainingClients clients = new DrainingClients(vertx, DEVICES + CHATS);
        Await.future(clients.open(port, DEVICES, CHATS), WAIT, "open 1,000 connections");
        Await.until(
            "every connection acknowledged at least once",
            WAIT,
            () -> clients.acknowledged() == DEVICES + CHATS);

        CompletableFuture<Long> notReadyAt =
            CompletableFuture.supplyAsync(() -> firstNotReady(ready));
        assertThat(gateway.terminate()).as("exit code after SIGTERM").isEqualTo(143);

        List<DrainingClients.Connection> all = clients.connections();
        Await.until(
            "every client closed", WAIT, () -> all.stream().allMatch(c -> c.closeCode() != null));
        assertThat(all).allSatisfy(c -> assertThat(c.closeCode()).isEqualTo(CloseCodes.GOING_AWAY));
        long firstClose =
            all.stream().mapToLong(DrainingClients.Connection::closedAtNanos).min().orElseThrow();
        long lastClose =
            all.stream().mapToLong(DrainingClients.Connection::closedAtNanos).max().orElseThrow();
        log.info(
            "drain seen by the clients: /ready 503 {} ms before the first close, closes spread over {} ms",
            (firstClose - notReadyAt.get()) / 1_000_000,
            (lastClose - firstClose) / 1_000_000);
        assertThat(notReadyAt.get())
            .as("/ready answered 503 before the first close")
            .isLessThan(firstClose);
        assertThat(Duration.ofNanos(lastClose - firstClose))
            .as("closes spread over the drain window")
            .isGreaterThan(DRAIN_WINDOW.dividedBy(2));

        Set<String> fixes =
            readAll(
                settings,
                Topics.GPS,
                v -> {
                  GpsFix fix = GpsRecordCodec.decode(v);
                  return fix.deviceId() + "," + fix.deviceTs() / 1000;
                });
        assertThat(fixes).as("every fix answered OK is in beacon.gps").containsAll(clients.okFixes);
        Set<String> messages =
            readAll(settings, Topics.MESSAGES, v -> MessageRecordCodec.decode(v).content());
        assertThat(messages)
            .as("every acknowledged message is in beacon.messages")
            .containsAll(clients.ackedMessages);
        assertThat(gateway.output()).contains("draining").contains("asked to close with 1001");
      } finally {
        Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  /** Polls {@code /ready} until it answers anything but 200; the time it first did. */
  private static long firstNotReady(String url) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (BeaconProcess.status(url) != 200) {
        return System.nanoTime();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    throw new AssertionError("/ready never stopped answering 200");
  }

  private static Set<String> readAll(
      KafkaSettings settings, String topic, Function<byte[], String> decode) {
    Map<String, Object> props = settings.consumer("it-reader-" + topic, "unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Set<String> read = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(decode.apply(record.value()));
        }
      }
    }
    return read;
  }
}
