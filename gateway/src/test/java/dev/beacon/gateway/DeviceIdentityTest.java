package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A gateway that knows which devices each connection holds")
class DeviceIdentityTest {

  static final String FIX_32 = "32,1681593747,44.81,20.46";
  static final String FIX_33 = "33,1681593747,44.81,20.46";
  static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

  final ManualFixSink sink = new ManualFixSink().autoAck();

  @Test
  @DisplayName(
      "a key for device 32 gets OK for 32 and ERR device_not_permitted for 33, and only 32 reaches the sink")
  void keyInTheUrl(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            TestGateways.config().toBuilder().deviceAuth(DeviceAuthMode.AUTHENTICATED).build());
    String key = provision(gateway, "32");
    double refusedBefore = refusedCount();
    TestClient device = TestClient.connect(vertx, gateway.port(), "/ws?key=" + key);

    device.send(FIX_32);
    assertThat(device.next()).isEqualTo("OK");
    assertThat(sink.next().fix().deviceId()).isEqualTo("32");
    device.send(FIX_33);
    assertThat(device.next())
        .startsWith("ERR device_not_permitted: device 33 is not held by this connection's key")
        .contains("POST /api/device-keys");
    device.send(
        new JsonObject()
            .put("type", "gps")
            .put("id", "g1")
            .put("device_id", "33")
            .put("ts", 1681593747)
            .put("lat", 44.81)
            .put("lon", 20.46)
            .encode());
    JsonObject error = device.nextJson();
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("code")).isEqualTo("device_not_permitted");
    assertThat(error.getString("id")).isEqualTo("g1");
    device.send(FIX_32);
    assertThat(device.next()).isEqualTo("OK");
    assertThat(sink.next().fix().deviceId()).isEqualTo("32");
    assertThat(sink.waiting()).as("nothing for device 33 was produced").isZero();
    assertThat(refusedCount() - refusedBefore)
        .as("beacon_gateway_fixes_refused_total")
        .isEqualTo(2.0);
  }

  static double refusedCount() {
    var counter =
        BeaconMetrics.registry()
            .find("beacon_gateway_fixes_refused_total")
            .tags("gateway", TestGateways.GATEWAY_ID, "reason", "device_not_permitted")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @DisplayName(
      "authenticated mode refuses an anonymous fix, and a KEY first frame makes the same socket a device")
  void keyFrame(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            TestGateways.config().toBuilder().deviceAuth(DeviceAuthMode.AUTHENTICATED).build());
    String key = provision(gateway, "32");

    TestClient anonymous = TestClient.connect(vertx, gateway.port(), "/ws");
    anonymous.send(FIX_32);
    assertThat(anonymous.next())
        .startsWith("ERR device_not_permitted: device 32 needs a device identity")
        .contains("?key=")
        .contains("KEY");

    TestClient tracker = TestClient.connect(vertx, gateway.port(), "/ws");
    tracker.send("KEY " + key);
    assertThat(tracker.next()).isEqualTo("OK");
    tracker.send(FIX_32);
    assertThat(tracker.next()).isEqualTo("OK");
    tracker.send(FIX_33);
    assertThat(tracker.next()).startsWith("ERR device_not_permitted");
    assertThat(sink.next().fix().deviceId()).isEqualTo("32");
    assertThat(sink.waiting()).isZero();

    TestClient wrong = TestClient.connect(vertx, gateway.port(), "/ws");
    wrong.send("KEY " + key.substring(0, key.length() - 2) + "xx");
    assertThat(wrong.next()).startsWith("ERR invalid_key: device key").contains("is not known");
    assertThat(wrong.awaitClose()).isEqualTo(CloseCodes.INVALID_KEY);

    TestClient late = TestClient.connect(vertx, gateway.port(), "/ws?key=" + key);
    late.send("KEY " + key);
    assertThat(late.next())
        .startsWith("ERR invalid_key: this connection already holds an identity");
    assertThat(late.awaitClose()).isEqualTo(CloseCodes.INVALID_KEY);
  }

  @Test
  @DisplayName(
      "an unknown or revoked key is refused with 401 and a reason; revoking stops an open connection's fixes")
  void revocation(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            TestGateways.config().toBuilder().deviceAuth(DeviceAuthMode.AUTHENTICATED).build());
    String key = provision(gateway, "32");
    TestClient device = TestClient.connect(vertx, gateway.port(), "/ws?key=" + key);
    device.send(FIX_32);
    assertThat(device.next()).isEqualTo("OK");
    sink.next();

    String keyId = key.substring(3, 19);
    TestClient.await(gateway.operations().deviceKeys().revoke(keyId));
    device.send(FIX_32);
    assertThat(device.next())
        .startsWith("ERR device_not_permitted: device key " + keyId + " was revoked");
    assertThat(refusalBody(vertx, gateway, "/ws?key=" + key))
        .startsWith("Unauthorized: invalid_key: device key " + keyId + " was revoked");
    assertThat(refusalBody(vertx, gateway, "/chat?key=bk_nonsense")).contains("malformed");
    assertThat(sink.waiting()).isZero();
    assertThat(gateway.operations().deviceKeys().list())
        .singleElement()
        .satisfies(k -> assertThat(k.revoked()).isTrue());
  }

  @Test
  @DisplayName(
      "open mode lets an anonymous connection write any id, as before, while a keyed one keeps to its key")
  void openMode(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, TestGateways.config());
    TestClient anonymous = TestClient.connect(vertx, gateway.port(), "/ws");
    anonymous.send(FIX_33);
    assertThat(anonymous.next()).isEqualTo("OK");
    assertThat(sink.next().fix().deviceId()).isEqualTo("33");
    TestClient keyed =
        TestClient.connect(vertx, gateway.port(), "/ws?key=" + provision(gateway, "32"));
    keyed.send(FIX_33);
    assertThat(keyed.next()).startsWith("ERR device_not_permitted");
    assertThat(sink.waiting()).isZero();
  }

  @Test
  @DisplayName(
      "a JWT writes the ids of its devices claim, else only its sub; with JWTs on, a key admits a tracker")
  void tokens(Vertx vertx) throws Exception {
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .deviceAuth(DeviceAuthMode.AUTHENTICATED)
            .security(
                SecurityConfig.builder()
                    .jwt(JwtConfig.builder().hs256Secret(SECRET).build())
                    .build())
            .build();
    Gateway gateway = deploy(vertx, config);

    TestClient fleet =
        TestClient.connect(
            vertx, bearer(gateway, token("fleet-ops", new JsonArray().add("van-*"))));
    fleet.send("van-7,1681593747,44.81,20.46");
    assertThat(fleet.next()).isEqualTo("OK");
    fleet.send(FIX_32);
    assertThat(fleet.next())
        .startsWith("ERR device_not_permitted: device 32 is not held by this connection's token")
        .contains("'devices' claim");
    TestClient own = TestClient.connect(vertx, bearer(gateway, token("32", null)));
    own.send(FIX_32);
    assertThat(own.next()).isEqualTo("OK");
    own.send(FIX_33);
    assertThat(own.next()).startsWith("ERR device_not_permitted");

    TestClient tracker =
        TestClient.connect(vertx, gateway.port(), "/ws?key=" + provision(gateway, "33"));
    tracker.send(FIX_33);
    assertThat(tracker.next()).isEqualTo("OK");
    assertThat(
            List.of(
                sink.next().fix().deviceId(),
                sink.next().fix().deviceId(),
                sink.next().fix().deviceId()))
        .containsExactly("van-7", "32", "33");
    assertThat(sink.waiting()).isZero();

    UpgradeRejectedException badClaim =
        (UpgradeRejectedException)
            TestClient.awaitFailure(
                TestClient.onContext(
                    vertx.getOrCreateContext(),
                    () ->
                        vertx
                            .createWebSocketClient()
                            .connect(
                                bearer(
                                    gateway,
                                    JwtSigner.hs256(claims("x").put("devices", "32"), SECRET)))));
    assertThat(badClaim.getStatus()).as("a devices claim that is not an array").isEqualTo(401);
  }

  private Gateway deploy(Vertx vertx, GatewayConfig config) {
    return TestGateways.deploy(vertx, config, sink, TestGateways.REPLY_TIMEOUT);
  }

  static String provision(Gateway gateway, String... devices) {
    String key =
        TestClient.await(gateway.operations().deviceKeys().create(List.of(devices), "test")).key();
    return URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  static String refusalBody(Vertx vertx, Gateway gateway, String uri) {
    Throwable refused =
        TestClient.awaitFailure(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () -> vertx.createWebSocketClient().connect(gateway.port(), "localhost", uri)));
    assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException rejected = (UpgradeRejectedException) refused;
    assertThat(rejected.getStatus()).isEqualTo(401);
    return rejected.getBody().toString();
  }

  static WebSocketConnectOptions bearer(Gateway gateway, String token) {
    return new WebSocketConnectOptions()
        .setHost("localhost")
        .setPort(gateway.port())
        .setURI("/ws")
        .addHeader("Authorization", "Bearer " + token);
  }

  static String token(String sub, JsonArray devices) {
    JsonObject claims = claims(sub);
    if (devices != null) {
      claims.put("devices", devices);
    }
    return JwtSigner.hs256(claims, SECRET);
  }

  static JsonObject claims(String sub) {
    return new JsonObject()
        .put("sub", sub)
        .put("exp", TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis()) + 60);
  }
}
