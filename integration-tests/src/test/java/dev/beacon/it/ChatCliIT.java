package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.ChatCluster;
import dev.beacon.it.support.ChatProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon chat} as a user runs it, against {@code beacon local} (broker, gateway, broadcaster
 * in one JVM).
 */
class ChatCliIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static BeaconProcess local;
  private static Vertx vertx;
  private static String url;

  @BeforeAll
  static void startLocal() {
    int port = FreePorts.next();
    local =
        BeaconProcess.start(
            dir.resolve("local.log"),
            Map.of(
                "BEACON_DATA_DIR", dir.resolve("data").toString(),
                "BEACON_GATEWAY_PORT", String.valueOf(port),
                "BEACON_INGESTOR_PORT", String.valueOf(FreePorts.next()),
                "BEACON_KAFKA_PORT", String.valueOf(FreePorts.next()),
                "BEACON_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.next())),
            "local");
    local.awaitHttpOk("http://127.0.0.1:" + port + "/ready", ChatCluster.WAIT);
    vertx = Vertx.vertx();
    ChatCluster.awaitRouting(vertx, port);
    url = "ws://127.0.0.1:" + port + "/chat";
  }

  @AfterAll
  static void stopLocal() {
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    local.close();
  }

  @Test
  @DisplayName(
      "interactive mode, typed into stdin: chat, /ping, /stats, /join, /who, /broadcast, /dm, /exit")
  void interactive() {
    List<JsonObject> bobGot = new CopyOnWriteArrayList<>();
    BeaconClient bob =
        BeaconClient.create(vertx, ClientOptions.builder(URI.create(url)).build())
            .sender("bob")
            .messageHandler(bobGot::add);
    String bobId = Blocking.await(bob.connect(), "connect bob");
    try (ChatProcess chat =
        ChatProcess.start(dir.resolve("chat.log"), "--url", url, "--name", "ana")) {
      String anaId = chat.awaitGroup("connected as (\\S+) via", WAIT);
      chat.type("hello all");
      chat.awaitOutput("[lobby] ana: hello all", WAIT);
      chat.type("/ping");
      chat.awaitOutput("pong from", WAIT);
      chat.type("/stats");
      chat.awaitOutput("stats: ", WAIT);
      chat.type("/join cli-room");
      chat.awaitOutput("joined cli-room", WAIT);
      Blocking.await(bob.join("cli-room"), "bob joins");
      Blocking.await(bob.chat("cli-room", "hi ana"), "bob chats");
      chat.awaitOutput("[cli-room] bob: hi ana", WAIT);
      chat.type("/who");
      chat.awaitOutput("in cli-room: 2 clients", WAIT);
      chat.type("/broadcast all hands");
      chat.awaitOutput("broadcast sent", WAIT);
      chat.type("/dm " + bobId + " psst");
      chat.awaitOutput("dm sent to " + bobId, WAIT);
      Blocking.await(bob.direct(anaId, "back at you"), "bob answers");
      chat.awaitOutput("] bob: back at you", WAIT);
      Await.until(
          "bob to get ana's chat, broadcast and dm",
          WAIT,
          () ->
              contents(bobGot)
                  .containsAll(List.of("chat:hello all", "broadcast:all hands", "direct:psst")));
      chat.type("/exit");
      assertThat(chat.awaitExit(WAIT)).as(chat.output()).isZero();
      assertThat(chat.output()).contains("bye");
    } finally {
      Blocking.awaitQuietly(bob.close(), "close bob");
    }
  }

  @Test
  @DisplayName("demo mode walks through every feature and exits 0")
  void demo() {
    try (ChatProcess chat = ChatProcess.start(dir.resolve("demo.log"), "--url", url, "--demo")) {
      assertThat(chat.awaitExit(WAIT)).as(chat.output()).isZero();
      assertThat(chat.output())
          .contains(
              "\"type\":\"pong\"",
              "\"type\":\"stats\"",
              "\"type\":\"broadcast_ack\"",
              "bob <- [demo] alice: hello bob",
              "[dm from",
              "refused locally",
              "closed event: 1000",
              "demo complete");
    }
  }

  @Test
  @DisplayName(
      "stress mode: M clients send K messages each, none lost, latency percentiles printed")
  void stress() {
    try (ChatProcess chat =
        ChatProcess.start(
            dir.resolve("stress.log"),
            "--url",
            url,
            "--stress",
            "--clients",
            "4",
            "--messages",
            "25",
            "--rate",
            "50")) {
      assertThat(chat.awaitExit(WAIT)).as(chat.output()).isZero();
      assertThat(chat.output())
          .contains("delivered 400 of 400 copies (0 lost)", "p50", "p90", "p99", "max");
    }
  }

  private static List<String> contents(List<JsonObject> messages) {
    return messages.stream()
        .map(m -> m.getString("type") + ":" + m.getString("content", m.getString("message", "")))
        .toList();
  }
}
