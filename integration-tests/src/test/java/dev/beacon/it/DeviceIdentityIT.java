package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.AdminHttp;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.TopicRecords;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import dev.beacon.tools.sim.DeviceSimulator;
import dev.beacon.tools.sim.SimulationResult;
import dev.beacon.tools.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device identity across a cluster on a real broker: a key made through gateway A's admin API works
 * on gateway B (which also requires JWTs), forged and foreign fixes are refused and never reach
 * {@code beacon.gps}, a revoked key is refused everywhere, a JWT writes only its {@code devices},
 * and an {@code open} gateway behaves as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceIdentityIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ADMIN = "it-admin-token-0123456789";
  private static final String JWT_SECRET = "device-identity-it-secret-of-32-bytes";

  /** The seed's tracker line. */
  private static final String SEED_FIX = "32,1681593747,44.81,20.46";

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private final List<Gateway> gateways = new ArrayList<>();
  private Gateway a;
  private Gateway b;
  private AdminHttp adminA;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir));
    settings = KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    GatewayConfig authenticated =
        GatewayConfig.builder()
            .port(0)
            .instances(1)
            .serverApi(ServerApiConfig.builder().adminToken(ADMIN).build())
            .build();
    assertThat(authenticated.deviceAuth())
        .as("the default")
        .isEqualTo(DeviceAuthMode.AUTHENTICATED);
    a = deploy(authenticated.toBuilder().gatewayId("gw-a").build());
    b =
        deploy(
            authenticated.toBuilder()
                .gatewayId("gw-b")
                .security(
                    SecurityConfig.defaults().toBuilder()
                        .jwt(JwtConfig.builder().hs256Secret(JWT_SECRET).build())
                        .build())
                .build());
    adminA = new AdminHttp(a.port(), ADMIN);
  }

  @AfterAll
  void stop() {
    gateways.forEach(g -> Blocking.awaitQuietly(g.close(), "stop gateway"));
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName(
      "a key made on gateway A admits the seed's tracker on gateway B; 33 and forgeries never reach Kafka")
  void keyAcrossTheCluster() {
    AdminHttp.Response made =
        adminA.post(
            "/device-keys",
            new JsonObject().put("devices", new JsonArray().add("32")).put("label", "van 7"));
    assertThat(made.status()).isEqualTo(201);
    String key = made.json().getString("key");
    String keyId = made.json().getString("key_id");
    assertThat(key).startsWith("bk_" + keyId + "_");
    assertThat(made.json().getJsonArray("devices").getList()).containsExactly("32");

    Await.until("gateway B knows the key made on A", WAIT, () -> refusal(b, "/ws?key=" + key) == 0);
    try (TextClient tracker = TextClient.connect(vertx, b.port(), "/ws?key=" + key);
        TextClient forger = TextClient.connect(vertx, a.port(), "/ws")) {
      assertThat(tracker.request(SEED_FIX, WAIT)).isEqualTo("OK");
      assertThat(tracker.request("33,1681593747,1.5,1.5", WAIT))
          .startsWith("ERR device_not_permitted: device 33");
      assertThat(forger.request("32,1681593748,2.5,2.5", WAIT))
          .startsWith("ERR device_not_permitted: device 32 needs a device identity");
    }

    List<JsonObject> stored = gpsRecords();
    assertThat(stored)
        .anySatisfy(
            fix -> {
              assertThat(fix.getString("device_id")).isEqualTo("32");
              assertThat(fix.getDouble("lat")).isEqualTo(44.81);
              assertThat(fix.getString("gateway")).isEqualTo("gw-b");
            });
    assertThat(stored).noneMatch(fix -> fix.getDouble("lat") == 1.5 || fix.getDouble("lat") == 2.5);

    JsonArray listed = adminA.get("/device-keys").json().getJsonArray("keys");
    JsonObject mine =
        listed.stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("key_id").equals(keyId))
            .findFirst()
            .orElseThrow();
    assertThat(mine.getString("label")).isEqualTo("van 7");
    assertThat(mine.encode()).doesNotContain(key.substring(20)).doesNotContain("sha256");
  }

  @Test
  @DisplayName(
      "a key revoked on gateway A is refused with 401 on gateway B, and its open connection writes no more")
  void revokedKey() {
    JsonObject made =
        adminA
            .post("/device-keys", new JsonObject().put("devices", new JsonArray().add("40")))
            .json();
    String key = made.getString("key");
    Await.until("gateway B knows the key", WAIT, () -> refusal(b, "/ws?key=" + key) == 0);
    try (TextClient tracker = TextClient.connect(vertx, b.port(), "/ws?key=" + key)) {
      assertThat(tracker.request("40,1681593747,44.81,20.46", WAIT)).isEqualTo("OK");

      AdminHttp.Response revoked = adminA.delete("/device-keys/" + made.getString("key_id"));
      assertThat(revoked.status()).isEqualTo(200);
      assertThat(revoked.json().getBoolean("revoked")).isTrue();
      Await.until(
          "gateway B refuses the revoked key", WAIT, () -> refusal(b, "/ws?key=" + key) == 401);
      assertThat(tracker.request("40,1681593749,3.5,3.5", WAIT)).contains("was revoked");
    }
    assertThat(adminA.delete("/device-keys/0123456789abcdef").status()).isEqualTo(404);
    assertThat(gpsRecords()).noneMatch(fix -> fix.getDouble("lat") == 3.5);
  }

  @Test
  @DisplayName(
      "on a gateway that requires JWTs, a token writes the ids of its devices claim and nothing else")
  void tokenDevices() {
    JsonObject claims =
        new JsonObject()
            .put("sub", "fleet-ops")
            .put("exp", System.currentTimeMillis() / 1000 + 120)
            .put("devices", new JsonArray().add("van-*"));
    WebSocketConnectOptions withToken =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(b.port())
            .setURI("/ws")
            .addHeader("Authorization", "Bearer " + JwtSigner.hs256(claims, JWT_SECRET));
    try (TextClient fleet = TextClient.connect(vertx, withToken)) {
      assertThat(fleet.request("van-7,1681593747,44.81,20.46", WAIT)).isEqualTo("OK");
      assertThat(fleet.request("32,1681593747,4.5,4.5", WAIT))
          .startsWith("ERR device_not_permitted");
    }
    assertThat(refusal(b, "/ws")).as("no token, no key").isEqualTo(401);
    assertThat(gpsRecords())
        .anyMatch(fix -> fix.getString("device_id").equals("van-7"))
        .noneMatch(fix -> fix.getDouble("lat") == 4.5);
  }

  @Test
  @DisplayName(
      "an open gateway started later takes anonymous fixes as before and knows every key at once")
  void openMode() {
    String key =
        adminA
            .post("/device-keys", new JsonObject().put("devices", new JsonArray().add("50")))
            .json()
            .getString("key");
    Gateway open =
        deploy(
            GatewayConfig.builder()
                .port(0)
                .instances(1)
                .gatewayId("gw-open")
                .deviceAuth(DeviceAuthMode.OPEN)
                .build());
    // No wait: a gateway listens only once it has read every key there was when it started.
    try (TextClient keyed = TextClient.connect(vertx, open.port(), "/ws?key=" + key);
        TextClient anonymous = TextClient.connect(vertx, open.port(), "/ws")) {
      assertThat(anonymous.request("99,1681593747,44.81,20.46", WAIT)).isEqualTo("OK");
      assertThat(anonymous.request("32,1681593750,44.81,20.46", WAIT)).isEqualTo("OK");
      assertThat(keyed.request("50,1681593747,44.81,20.46", WAIT)).isEqualTo("OK");
      assertThat(keyed.request("99,1681593747,5.5,5.5", WAIT))
          .startsWith("ERR device_not_permitted");
    }
    assertThat(gpsRecords())
        .anyMatch(fix -> fix.getString("device_id").equals("99"))
        .noneMatch(fix -> fix.getDouble("lat") == 5.5);
  }

  @Test
  @DisplayName(
      "the simulator, given a key for sim-*, runs its devices against an authenticated gateway")
  void simulatorWithKey() {
    String key =
        adminA
            .post("/device-keys", new JsonObject().put("devices", new JsonArray().add("sim-*")))
            .json()
            .getString("key");
    URI url = URI.create("ws://127.0.0.1:" + a.port() + "/ws?key=" + key);
    SimulationResult result =
        new DeviceSimulator(
                SimulatorConfig.parity(url, 3).toBuilder()
                    .deviceIdPrefix("sim-")
                    .minStartDelay(Duration.ofMillis(10))
                    .maxStartDelay(Duration.ofMillis(100))
                    .out(null)
                    .seed(7)
                    .build())
            .run();
    assertThat(result.errors()).as(result.summary()).isZero();
    assertThat(result.ok()).isEqualTo(result.sent()).isPositive();
    SimulationResult anonymous =
        new DeviceSimulator(
                SimulatorConfig.parity(URI.create("ws://127.0.0.1:" + a.port() + "/ws"), 1)
                    .toBuilder()
                    .deviceIdPrefix("sim-")
                    .minStartDelay(Duration.ofMillis(10))
                    .maxStartDelay(Duration.ofMillis(100))
                    .out(null)
                    .seed(7)
                    .build())
            .run();
    assertThat(anonymous.ok()).as("without the key, nothing is acknowledged").isZero();
  }

  private Gateway deploy(GatewayConfig config) {
    Gateway gateway =
        Blocking.await(
            Gateway.deploy(vertx, config, KafkaBackend.of(settings), ConnectionListener.NONE),
            "gateway " + config.gatewayId());
    gateways.add(gateway);
    return gateway;
  }

  /**
   * The HTTP status refusing an upgrade to {@code uri}, or 0 when it was accepted (and closed
   * again).
   */
  private int refusal(Gateway gateway, String uri) {
    try {
      TextClient.connect(
              vertx,
              new WebSocketClientOptions(),
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(gateway.port())
                  .setURI(uri))
          .close();
      return 0;
    } catch (RuntimeException | AssertionError e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof UpgradeRejectedException)) {
        cause = cause.getCause();
      }
      if (cause == null) {
        throw e;
      }
      return ((UpgradeRejectedException) cause).getStatus();
    }
  }

  private List<JsonObject> gpsRecords() {
    List<JsonObject> records = new CopyOnWriteArrayList<>();
    TopicRecords.readAll(
        settings, settings.topics().gps(), WAIT, (k, v) -> records.add(new JsonObject(v)));
    return records;
  }
}
