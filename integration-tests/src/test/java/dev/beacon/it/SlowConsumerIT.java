package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.StalledReader;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Scrape;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process with a 64 MiB heap (and as much direct memory) streams ~100 MB of chat to two
 * clients, one of which never reads. Unbounded buffering for the stalled client would not fit;
 * Beacon closes it with 4010 once its outbound queue passes 1 MiB and keeps serving the other.
 */
class SlowConsumerIT {

  private static final int MESSAGES = 25_000;
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a client that stops reading is closed with 4010, the others get everything, and the heap holds")
  void stalledClientIsCutLoose() throws Exception {
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
          BeaconProcess.startWithJvmOptions(
              dir.resolve("gateway.log"),
              Map.of(
                  "BEACON_KAFKA_BOOTSTRAP",
                  kafka.bootstrap(),
                  "BEACON_GATEWAY_PORT",
                  String.valueOf(port),
                  "BEACON_KAFKA_PARTITIONS",
                  "3"),
              List.of("-Xmx64m", "-XX:MaxDirectMemorySize=64m"),
              "gateway")) {
        gateway.awaitHttpOk("http://127.0.0.1:" + port + "/ready", WAIT);
        TextClient fast = TextClient.connect(vertx, port, "/chat");
        assertThat(new JsonObject(fast.nextReply(WAIT)).getString("type")).isEqualTo("welcome");
        try (StalledReader stalled = new StalledReader(port, "/chat")) {
          CompletableFuture<Integer> closeCode =
              CompletableFuture.supplyAsync(() -> readOnceCutLoose(port, stalled));
          String content = "y".repeat(4000);
          int received = 0;
          for (int m = 0; m < MESSAGES; m++) {
            fast.send("{\"type\":\"chat\",\"sender\":\"flood\",\"content\":\"" + content + "\"}");
            if (m % 200 == 199) {
              received += readChats(fast, m + 1 - received);
            }
          }
          received += readChats(fast, MESSAGES - received);
          assertThat(received).as("chats delivered to the reading client").isEqualTo(MESSAGES);
          assertThat(closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS))
              .as("close code of the stalled client")
              .isEqualTo(CloseCodes.SLOW_CONSUMER);
        }
        assertThat(BeaconProcess.status("http://127.0.0.1:" + port + "/health")).isEqualTo(200);
        assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
        fast.close();
      } finally {
        Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  /**
   * The stalled client's close code, read once the gateway has cut it loose. The gateway's close
   * frame waits behind the bytes the client did not read for 30 s at most, then the connection is
   * dropped without it (NettyClientSocket.UNREAD_CLOSE_TIMEOUT_SECONDS); the client must read by
   * then, however long the fast client's reading takes (on a loaded machine it took longer).
   */
  private static int readOnceCutLoose(int port, StalledReader stalled) {
    Await.until(
        "the gateway to cut the stalled client loose",
        WAIT,
        () ->
            Scrape.of("http://127.0.0.1:" + port + "/metrics")
                    .value("beacon_gateway_slow_consumer_disconnects_total")
                >= 1);
    try {
      return stalled.readUntilClose();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until {@code count} chat deliveries arrived, skipping other frames. */
  private static int readChats(TextClient client, int count) {
    int chats = 0;
    while (chats < count) {
      if ("chat".equals(new JsonObject(client.nextReply(WAIT)).getString("type"))) {
        chats++;
      }
    }
    return chats;
  }
}
