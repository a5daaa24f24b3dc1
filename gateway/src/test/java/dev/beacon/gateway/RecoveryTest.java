package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.gateway.inprocess.InProcessBackend;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.gateway.session.ConnectionListener;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RecoveryTest {

  private static final String EPOCH = InMemoryMessageSink.EPOCH;

  private record Request(
      String room,
      StreamPosition since,
      long before,
      Context context,
      Promise<Recovery.Replay> answer) {}

  private final CompletableFuture<Request> asked = new CompletableFuture<>();

  private final Recovery recovery =
      (room, since, before) -> {
        Promise<Recovery.Replay> answer = Promise.promise();
        asked.complete(new Request(room, since, before, Vertx.currentContext(), answer));
        return answer.future();
      };

  private static DeliveryRecord chat(long n) {
    return DeliveryRecord.toRoom(
        "ops", "m" + n, ServerMessages.chat("ana", "n" + n, "ops", "c-1", n));
  }

  private static StreamPosition at(long offset) {
    return new StreamPosition(EPOCH, 0, offset);
  }

  @Test
  @DisplayName(
      "subscribe with since replays the missed messages, then the live ones held meanwhile without duplicates, then subscribed")
  void replayThenLive(Vertx vertx) throws Exception {
    Gateway gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                TestGateways.config(),
                InProcessBackend.builder()
                    .fixes(new ManualFixSink().autoAck())
                    .messages(new InMemoryMessageSink())
                    .recovery(recovery)
                    .readiness(new StubReadiness())
                    .replyTimeout(TestGateways.REPLY_TIMEOUT)
                    .build(),
                ConnectionListener.NONE));
    TestClient client = TestClient.connect(vertx, gateway.port(), "/chat");
    assertThat(client.nextJson().getString("type")).isEqualTo("welcome");
    client.send(
        "{\"type\":\"subscribe\",\"id\":\"r1\",\"room\":\"ops\",\"since\":\"" + at(5) + "\"}");
    Request request = asked.get(5, TimeUnit.SECONDS);
    assertThat(request.room()).isEqualTo("ops");
    assertThat(request.since()).isEqualTo(at(5));
    assertThat(request.before()).isEqualTo(Long.MAX_VALUE);

    gateway.deliveries().dispatch(chat(7), at(7));
    gateway.deliveries().dispatch(chat(8), at(8));
    gateway
        .deliveries()
        .dispatch(
            DeliveryRecord.toAll("b", ServerMessages.broadcast("meanwhile", "x", "c", 1L)), at(9));
    assertThat(client.nextJson().getString("message"))
        .as("other deliveries are not held")
        .isEqualTo("meanwhile");

    request
        .context()
        .runOnContext(
            v ->
                request
                    .answer()
                    .complete(
                        new Recovery.Replay(
                            true,
                            List.of(
                                new Recovery.Missed(chat(6), at(6)),
                                new Recovery.Missed(chat(7), at(7))))));
    for (long n = 6; n <= 8; n++) {
      JsonObject chat = client.nextJson();
      assertThat(chat.getString("content")).isEqualTo("n" + n);
      assertThat(chat.getString("pos")).isEqualTo(at(n).toString());
    }
    assertThat(client.nextJson())
        .isEqualTo(
            new JsonObject()
                .put("type", "subscribed")
                .put("id", "r1")
                .put("room", "ops")
                .put("recovered", true)
                .put("pos", at(8).toString())
                .put("missed", 2));
    gateway.deliveries().dispatch(chat(10), at(10));
    assertThat(client.nextJson().getString("content")).isEqualTo("n10");
    assertThat(client.pending()).isZero();
  }

  @Test
  @DisplayName(
      "a lost position is subscribed with recovered false, and the room's live messages flow")
  void lost(Vertx vertx) throws Exception {
    Recovery none = Recovery.none();
    Gateway gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                TestGateways.config(),
                InProcessBackend.builder()
                    .fixes(new ManualFixSink().autoAck())
                    .messages(new InMemoryMessageSink())
                    .recovery(none)
                    .readiness(new StubReadiness())
                    .replyTimeout(TestGateways.REPLY_TIMEOUT)
                    .build(),
                ConnectionListener.NONE));
    TestClient client = TestClient.connect(vertx, gateway.port(), "/chat");
    client.next();
    client.send("{\"type\":\"subscribe\",\"room\":\"ops\",\"since\":\"" + at(5) + "\"}");
    JsonObject subscribed = client.nextJson();
    assertThat(subscribed.getBoolean("recovered")).isFalse();
    assertThat(subscribed.getValue("pos")).isNull();
    assertThat(subscribed.getInteger("missed")).isZero();
    gateway.deliveries().dispatch(chat(6), at(6));
    assertThat(client.nextJson().getString("content")).isEqualTo("n6");
  }

  @Test
  @DisplayName(
      "beyond BEACON_MAX_RECOVERIES_PER_CONNECTION replays in flight, a since-subscribe gets recovery_busy")
  void recoveriesPerConnection(Vertx vertx) throws Exception {
    List<Promise<Recovery.Replay>> reading = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Context> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    Recovery slow =
        (room, since, before) -> {
          Promise<Recovery.Replay> answer = Promise.promise();
          reading.add(answer);
          contexts.add(Vertx.currentContext());
          return answer.future();
        };
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .gatewayId("gw-recovery-cap")
            .bounds(
                ResourceBounds.builder()
                    .maxRecoveryReaders(10)
                    .maxRecoveriesPerConnection(2)
                    .build())
            .build();
    Gateway gateway =
        TestClient.await(
            Gateway.deploy(
                vertx,
                config,
                InProcessBackend.builder()
                    .fixes(new ManualFixSink().autoAck())
                    .messages(new InMemoryMessageSink())
                    .recovery(slow)
                    .readiness(new StubReadiness())
                    .replyTimeout(TestGateways.REPLY_TIMEOUT)
                    .build(),
                ConnectionListener.NONE));
    TestClient client = TestClient.connect(vertx, gateway.port(), "/chat");
    assertThat(client.nextJson().getString("type")).isEqualTo("welcome");
    for (int i = 0; i < 5; i++) {
      client.send(
          "{\"type\":\"subscribe\",\"id\":" + i + ",\"room\":\"ops\",\"since\":\"" + at(5) + "\"}");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reading.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(reading).as("replays started").hasSize(2);
    contexts.get(0).runOnContext(v -> reading.forEach(r -> r.complete(Recovery.Replay.lost())));
    for (int i = 0; i < 5; i++) {
      JsonObject reply = client.nextJson();
      assertThat(reply.getInteger("id")).isEqualTo(i);
      if (i < 2) {
        assertThat(reply.getString("type")).isEqualTo("subscribed");
      } else {
        assertThat(reply.getString("type")).isEqualTo("error");
        assertThat(reply.getString("code")).isEqualTo("recovery_busy");
      }
    }
    assertThat(reading).as("no replay started for the refused ones").hasSize(2);
    client.send("{\"type\":\"subscribe\",\"id\":9,\"room\":\"ops\",\"since\":\"" + at(5) + "\"}");
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reading.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(reading).as("a replay again once the others answered").hasSize(3);
  }
}
