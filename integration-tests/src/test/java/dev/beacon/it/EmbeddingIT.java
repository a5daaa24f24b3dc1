package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GreeterApp;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of a test application embedding a gateway each, on a real broker with the
 * broadcaster.
 */
class EmbeddingIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "an embedding application hears connect, message and disconnect, and counts, lists, sends,"
          + " broadcasts, disconnects and stops across the cluster")
  void embeddedGatewaysServeAnApplication() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
      Vertx vertx = Vertx.vertx();
      BroadcasterService broadcaster =
          Blocking.await(
              BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings),
              "start broadcaster");
      GreeterApp one = Blocking.await(new GreeterApp().start(settings, "app-1"), "start app 1");
      GreeterApp two = Blocking.await(new GreeterApp().start(settings, "app-2"), "start app 2");
      try {
        TextClient ana = connect(vertx, one, "ana");
        TextClient bob = connect(vertx, two, "bob");
        assertThat(one.nextEvent(WAIT)).isEqualTo("connect ana /app/chat");
        assertThat(two.nextEvent(WAIT)).isEqualTo("connect bob /app/chat");
        assertThat(one.gateway().localConnections())
            .singleElement()
            .satisfies(c -> assertThat(c.header("x-user")).isEqualTo("ana"));

        Await.until("both clients counted by app 1", WAIT, () -> one.gateway().count() == 2);
        Set<String> gateways =
            one.gateway().clients().stream()
                .map(ClientPresent::gateway)
                .collect(Collectors.toSet());
        assertThat(gateways).containsExactlyInAnyOrder("app-1", "app-2");

        ana.send("{\"type\":\"ping\",\"id\":\"whoami\"}");
        assertThat(one.nextEvent(WAIT))
            .isEqualTo("message ana {\"type\":\"ping\",\"id\":\"whoami\"}");
        assertThat(nextOfType(ana, "direct").getString("content")).isEqualTo("you are ana");

        Blocking.await(one.gateway().send(bob.clientId(), "from app 1"), "send across");
        assertThat(nextOfType(bob, "direct").getString("content")).isEqualTo("from app 1");
        Blocking.await(two.gateway().broadcast("to everyone"), "broadcast");
        assertThat(nextOfType(ana, "broadcast").getString("message")).isEqualTo("to everyone");
        assertThat(nextOfType(bob, "broadcast").getString("message")).isEqualTo("to everyone");
        Blocking.await(two.gateway().broadcast("lobby", "to the lobby"), "room broadcast");
        assertThat(nextOfType(ana, "chat").getString("content")).isEqualTo("to the lobby");

        Blocking.await(
            two.gateway().disconnect(ana.clientId(), 4100, "app says bye"), "disconnect across");
        assertThat(ana.awaitCloseCode(WAIT)).isEqualTo((short) 4100);
        assertThat(ana.closeReason()).isEqualTo("app says bye");
        assertThat(nextStartingWith(one, "disconnect")).isEqualTo("disconnect ana 4100");

        Blocking.await(two.gateway().stop(), "stop app 2");
        assertThat(bob.awaitCloseCode(WAIT)).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(nextStartingWith(two, "disconnect")).isEqualTo("disconnect bob 1001");
      } finally {
        Blocking.awaitQuietly(one.gateway().stop(), "stop app 1");
        Blocking.awaitQuietly(two.gateway().stop(), "stop app 2");
        Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private static TextClient connect(Vertx vertx, GreeterApp app, String user) {
    TextClient client =
        TextClient.connect(
            vertx,
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(app.gateway().port())
                .setURI("/app/chat")
                .addHeader("X-User", user));
    client.setClientId(nextOfType(client, "welcome").getString("client_id"));
    return client;
  }

  private static String nextStartingWith(GreeterApp app, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String event = app.nextEvent(WAIT);
      if (event != null && event.startsWith(prefix)) {
        return event;
      }
    }
    throw new AssertionError("no event starting with " + prefix);
  }

  private static JsonObject nextOfType(TextClient client, String type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (type.equals(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no message of type " + type + " within " + WAIT);
  }
}
