package dev.beacon.gateway.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.TestClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedding API without Kafka: listeners and calls, messaging routed inside the process. */
@ExtendWith(VertxExtension.class)
class EmbeddedStandaloneTest {

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @Test
  @DisplayName(
      "standalone: listeners hear the clients, calls reach them, fixes are refused, stop closes with 1001")
  void standalone(Vertx vertx) throws Exception {
    EmbeddedGateway gateway =
        TestClient.await(
            EmbeddedGateway.builder()
                .vertx(vertx)
                .instances(2)
                .pathPrefix("/rt")
                .drain(Duration.ZERO, Duration.ZERO)
                .deviceAuth(DeviceAuthMode.OPEN)
                .onConnect(c -> events.add("connect " + c.header("X-User")))
                .onMessage((c, text) -> events.add("message " + c.header("X-User")))
                .onDisconnect(
                    (c, code, reason) ->
                        events.add("disconnect " + c.header("X-User") + " " + code))
                .start());
    TestClient ana = connect(vertx, gateway, "ana");
    TestClient bob = connect(vertx, gateway, "bob");
    String anaId = ana.nextJson().getString("client_id");
    String bobId = bob.nextJson().getString("client_id");
    assertThat(nextEvent()).startsWith("connect ");
    assertThat(nextEvent()).startsWith("connect ");
    // Presence is recorded on each client's own event loop, after its welcome: the count follows
    // shortly.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (gateway.count() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(gateway.count()).isEqualTo(2);
    assertThat(gateway.localConnections()).hasSize(2);

    TestClient.await(gateway.send(anaId, "only ana"));
    assertThat(ana.nextJson().getString("content")).isEqualTo("only ana");
    TestClient.await(gateway.broadcast("lobby", "in the lobby"));
    assertThat(ana.nextJson().getString("content")).isEqualTo("in the lobby");
    assertThat(bob.nextJson().getString("content"))
        .as("bob's first delivery")
        .isEqualTo("in the lobby");

    bob.send("{\"type\":\"chat\",\"content\":\"hi ana\"}");
    assertThat(ana.nextJson().getString("content")).isEqualTo("hi ana");
    assertThat(nextEvent()).isEqualTo("message bob");
    bob.nextJson();
    // On /chat every reply is JSON: a fix there is the JSON gps message, refused without Kafka.
    bob.send(
        "{\"type\":\"gps\",\"id\":\"g1\",\"device_id\":\"32\",\"ts\":1681593747,\"lat\":44.8159745,"
            + "\"lon\":20.4601243}");
    JsonObject refused = bob.nextJson();
    assertThat(refused.getString("type")).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("kafka_unavailable");

    TestClient.await(gateway.disconnect(bobId, 4100, "bye"));
    assertThat(bob.awaitClose()).isEqualTo((short) 4100);
    assertThat(nextEventStartingWith("disconnect")).isEqualTo("disconnect bob 4100");

    TestClient.await(gateway.stop());
    assertThat(ana.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(nextEventStartingWith("disconnect")).isEqualTo("disconnect ana 1001");
  }

  @Test
  @DisplayName(
      "standalone with onFix: a fix is OK once the listener has it, relayed live to gps: rooms; a listener"
          + " that throws gets the device an error")
  void fixesToTheListener(Vertx vertx) throws Exception {
    BlockingQueue<GpsFix> fixes = new LinkedBlockingQueue<>();
    EmbeddedGateway gateway =
        TestClient.await(
            EmbeddedGateway.builder()
                .vertx(vertx)
                .instances(2)
                .drain(Duration.ZERO, Duration.ZERO)
                .deviceAuth(DeviceAuthMode.OPEN)
                .onFix(
                    fix -> {
                      if (fix.deviceId().equals("broken")) {
                        throw new IllegalStateException("the application's store is down");
                      }
                      fixes.add(fix);
                    })
                .start());
    TestClient follower = TestClient.connect(vertx, gateway.port(), "/chat");
    follower.nextJson();
    follower.send("{\"type\":\"subscribe\",\"room\":\"gps:32\",\"id\":\"s1\"}");
    assertThat(follower.nextJson().getString("type")).isEqualTo("subscribed");
    TestClient device = TestClient.connect(vertx, gateway.port(), "/ws");

    device.send("32,1681593747,44.8159745,20.4601243");
    assertThat(device.next()).isEqualTo("OK");
    GpsFix taken = fixes.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(taken).as("the fix the listener received").isNotNull();
    assertThat(taken.deviceId()).isEqualTo("32");
    assertThat(taken.gateway()).isEqualTo(gateway.gatewayId());
    JsonObject live = follower.nextJson();
    assertThat(live.getString("type")).isEqualTo("gps");
    assertThat(live.getString("device_id")).isEqualTo("32");
    assertThat(live.getString("room")).isEqualTo("gps:32");

    device.send("broken,1681593747,44.8159745,20.4601243");
    assertThat(device.next()).startsWith("ERR kafka_unavailable: ");
    assertThat(fixes).isEmpty();
    TestClient.await(gateway.stop());
  }

  @Test
  @DisplayName("onFix with Kafka is refused at start, saying where fixes go instead")
  void onFixNeedsNoKafka(Vertx vertx) {
    assertThat(
            TestClient.awaitFailure(
                EmbeddedGateway.builder()
                    .vertx(vertx)
                    .kafka(KafkaSettings.defaults("127.0.0.1:1"))
                    .onFix(fix -> {})
                    .start()))
        .hasMessageContaining("beacon.gps");
  }

  private static TestClient connect(Vertx vertx, EmbeddedGateway gateway, String user) {
    return TestClient.connect(
        vertx,
        new WebSocketConnectOptions()
            .setHost("localhost")
            .setPort(gateway.port())
            .setURI("/rt/chat")
            .addHeader("X-User", user));
  }

  private String nextEvent() throws InterruptedException {
    String event = events.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(event).as("a listener event").isNotNull();
    return event;
  }

  private String nextEventStartingWith(String prefix) throws InterruptedException {
    String event = nextEvent();
    while (!event.startsWith(prefix)) {
      event = nextEvent();
    }
    return event;
  }
}
