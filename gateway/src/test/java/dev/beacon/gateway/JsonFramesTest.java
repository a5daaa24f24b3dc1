package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JsonFramesTest {

  private final ManualFixSink sink = new ManualFixSink();
  private TestClient client;

  @BeforeEach
  void connect(Vertx vertx) {
    Gateway gateway = TestGateways.deploy(vertx, sink);
    client = TestClient.connect(vertx, gateway.port(), "/ws");
  }

  @Test
  @DisplayName("a gps message is acked with its id, as given, once the sink has the fix")
  void gpsAckEchoesId() throws Exception {
    client.send(
        "{\"type\":\"gps\",\"id\":\"m1\",\"device_id\":\"32\",\"ts\":1681593747,\"lat\":44.8,\"lon\":20.4}");
    ManualFixSink.PendingFix pending = sink.next();
    assertThat(client.pending()).isZero();
    pending.ack();
    assertThat(client.nextJson()).isEqualTo(new JsonObject().put("type", "ack").put("id", "m1"));
    assertThat(pending.fix().gateway()).isEqualTo(TestGateways.GATEWAY_ID);

    client.send(
        "{\"type\":\"gps\",\"id\":7,\"device_id\":32,\"ts\":1681593747000,\"lat\":-1,\"lon\":-2}");
    sink.next().ack();
    assertThat(client.nextJson()).isEqualTo(new JsonObject().put("type", "ack").put("id", 7));
  }

  @Test
  @DisplayName("pipelined gps messages are acked in the order they were sent")
  void pipelinedAcksInOrder() throws Exception {
    List<ManualFixSink.PendingFix> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      client.send(
          "{\"type\":\"gps\",\"id\":"
              + i
              + ",\"device_id\":\"d\",\"ts\":1681593747,\"lat\":1,\"lon\":2}");
      pending.add(sink.next());
    }
    for (int i = 4; i >= 0; i--) {
      pending.get(i).ack();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(client.nextJson().getInteger("id")).isEqualTo(i);
    }
  }

  @Test
  @DisplayName(
      "an invalid fix is an error with its code and the message id, and nothing is written")
  void invalidFix() throws Exception {
    client.send(
        "{\"type\":\"gps\",\"id\":\"m2\",\"device_id\":\"32\",\"ts\":1681593747,\"lat\":91,\"lon\":20}");
    JsonObject error = client.nextJson();
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("id")).isEqualTo("m2");
    assertThat(error.getString("code")).isEqualTo("lat_out_of_range");
    assertThat(error.getString("message")).contains("latitude");
    assertThat(sink.waiting()).isZero();
  }

  @Test
  @DisplayName("a sink failure is an error kafka_unavailable, never an ack")
  void sinkFailure() throws Exception {
    client.send(
        "{\"type\":\"gps\",\"id\":\"m3\",\"device_id\":\"32\",\"ts\":1681593747,\"lat\":1,\"lon\":2}");
    sink.next().fail(new IllegalStateException("broker gone"));
    JsonObject error = client.nextJson();
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("id")).isEqualTo("m3");
    assertThat(error.getString("code")).isEqualTo("kafka_unavailable");
  }

  @Test
  @DisplayName(
      "invalid JSON is an error invalid_json, as in the old chat protocol, and the connection stays open")
  void invalidJson() throws Exception {
    client.send("{\"type\": \"gps\", ");
    JsonObject error = client.nextJson();
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.containsKey("id")).isFalse();
    assertThat(error.getString("code")).isEqualTo("invalid_json");
    assertThat(error.getString("message")).startsWith("Invalid JSON format");

    client.send("{\"type\":\"ping\"}");
    assertThat(client.nextJson().getString("type")).isEqualTo("pong");
  }

  @Test
  @DisplayName("an unknown or missing type is an error unknown_type")
  void unknownType() throws Exception {
    client.send("{\"type\":\"teleport\",\"id\":\"t1\"}");
    JsonObject error = client.nextJson();
    assertThat(error.getString("code")).isEqualTo("unknown_type");
    assertThat(error.getString("id")).isEqualTo("t1");
    assertThat(error.getString("message"))
        .startsWith("Unknown message type")
        .contains("teleport", "gps", "ping");

    client.send("  {\"id\":2}");
    JsonObject missing = client.nextJson();
    assertThat(missing.getString("code")).isEqualTo("unknown_type");
    assertThat(missing.getInteger("id")).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "ping is answered with pong carrying the client id and the server time; no welcome comes first")
  void pingPong() throws Exception {
    long before = System.currentTimeMillis();
    client.send("{\"type\":\"ping\"}");
    JsonObject pong = client.nextJson();
    assertThat(pong.getString("type")).isEqualTo("pong");
    assertThat(pong.getString("client_id")).isNotBlank();
    assertThat(pong.getLong("server_time")).isBetween(before, System.currentTimeMillis());

    client.send("{\"type\":\"ping\",\"id\":\"p2\"}");
    JsonObject second = client.nextJson();
    assertThat(second.getString("client_id")).isEqualTo(pong.getString("client_id"));
    assertThat(second.getString("id")).isEqualTo("p2");
  }
}
