package dev.beacon.it.support;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real pipeline for the tracker listeners' tests: an embedded broker (restartable), the ingestor
 * into a real SQLite file, and a gateway that requires an identity ({@code authenticated}), takes
 * JWTs signed with {@link #JWT_SECRET}, and serves the tracker HTTP port and MQTT on free ports.
 */
public final class TrackerStack implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(60);
  public static final String JWT_SECRET = "tracker-it-jwt-secret-of-32-bytes!!";
  private static final String ADMIN = "tracker-it-admin-token-0123456789";

  private final Path dir;
  private final KafkaBrokerConfig brokerConfig;
  private EmbeddedKafka kafka;
  private final KafkaSettings settings;
  private final Vertx vertx = Vertx.vertx();
  private final Ingestor ingestor;
  private final Gateway gateway;

  /**
   * Few, so that a test can show that closed connections give their per-address slot back: more
   * connections than this, one after the other, all get in.
   */
  public static final int MAX_CONNECTIONS_PER_IP = 50;

  public TrackerStack(Path dir, TrackerConfig trackers) {
    this.dir = dir;
    brokerConfig = KafkaBrokerConfig.onFreePorts(dir.resolve("broker"));
    kafka = EmbeddedKafka.start(brokerConfig);
    settings =
        KafkaSettings.builder()
            .bootstrap(kafka.bootstrap())
            .partitions(3)
            .ackTimeout(Duration.ofSeconds(3))
            .build();
    ingestor =
        Blocking.await(
            Ingestor.start(
                vertx,
                IngestorConfig.builder()
                    .dataDir(dir.resolve("store"))
                    .apiPort(0)
                    .batchMaxDelay(Duration.ofMillis(50))
                    .access(
                        ReadAccessConfig.builder()
                            .readToken("tracker-it-read-token-012345")
                            .build())
                    .build(),
                settings),
            "start ingestor");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .instances(1)
                    .serverApi(ServerApiConfig.builder().adminToken(ADMIN).build())
                    .security(
                        SecurityConfig.defaults().toBuilder()
                            .jwt(JwtConfig.builder().hs256Secret(JWT_SECRET).build())
                            .maxConnectionsPerIp(MAX_CONNECTIONS_PER_IP)
                            .build())
                    .trackers(trackers)
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "start gateway");
  }

  /** Both listeners on free ports. */
  public static TrackerConfig bothOnFreePorts() {
    return TrackerConfig.builder()
        .httpEnabled(true)
        .httpPort(0)
        .mqttEnabled(true)
        .mqttPort(0)
        .build();
  }

  public Gateway gateway() {
    return gateway;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int httpPort() {
    return gateway.trackers().httpPort();
  }

  public int mqttPort() {
    return gateway.trackers().mqttPort();
  }

  /** A device key for {@code devices}, made through the admin API. */
  public String key(String... devices) {
    JsonArray ids = new JsonArray();
    for (String device : devices) {
      ids.add(device);
    }
    AdminHttp.Response made =
        new AdminHttp(gateway.port(), ADMIN)
            .post("/device-keys", new JsonObject().put("devices", ids));
    if (made.status() != 201) {
      throw new IllegalStateException("could not make a device key: " + made);
    }
    // In this gateway's directory once Kafka acknowledged it (KafkaDeviceKeyStore).
    return made.json().getString("key");
  }

  /** A JWT whose {@code devices} claim holds {@code devices}. */
  public static String token(String subject, String... devices) {
    JsonArray ids = new JsonArray();
    for (String device : devices) {
      ids.add(device);
    }
    return JwtSigner.hs256(
        new JsonObject()
            .put("sub", subject)
            .put("exp", System.currentTimeMillis() / 1000 + 300)
            .put("devices", ids),
        JWT_SECRET);
  }

  public Path storeFile() {
    return dir.resolve("store").resolve("gps.db");
  }

  public long count(String whereClause) {
    return GpsDb.queryLong(storeFile(), "SELECT COUNT(*) FROM gps_fix WHERE " + whereClause);
  }

  /** Waits until {@code whereClause} matches {@code rows} rows of gps_fix. */
  public void awaitRows(String what, String whereClause, long rows) {
    Await.equal(what, WAIT, rows, () -> count(whereClause));
  }

  /**
   * The first row of {@code deviceId} in gps.db with its details: {@code ts}, {@code lat}, {@code
   * lon}, {@code speed}, {@code course}, {@code altitude}, {@code accuracy}, {@code battery}
   * (absent when null) and {@code attributes} (an object, empty when null).
   */
  public JsonObject storedRow(String deviceId) {
    String sql =
        "SELECT device_ts, lat, lon, speed, course, altitude, accuracy, battery, attributes"
            + " FROM gps_fix WHERE device_id = ? ORDER BY device_ts LIMIT 1";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeFile() + "?open_mode=1");
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, deviceId);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no row of " + deviceId + " in " + storeFile());
        }
        JsonObject row =
            new JsonObject()
                .put("ts", rs.getLong(1))
                .put("lat", rs.getDouble(2))
                .put("lon", rs.getDouble(3));
        String[] details = {"speed", "course", "altitude", "accuracy", "battery"};
        for (int i = 0; i < details.length; i++) {
          double value = rs.getDouble(4 + i);
          if (!rs.wasNull()) {
            row.put(details[i], value);
          }
        }
        String attributes = rs.getString(9);
        return row.put(
            "attributes", attributes == null ? new JsonObject() : new JsonObject(attributes));
      }
    } catch (SQLException e) {
      throw new AssertionError(
          "reading " + deviceId + " from " + storeFile() + ": " + e.getMessage(), e);
    }
  }

  /** The {@code beacon.gps} records of {@code deviceId}, as JSON. */
  public List<JsonObject> records(String deviceId) {
    List<JsonObject> records = new CopyOnWriteArrayList<>();
    TopicRecords.readAll(
        settings,
        settings.topics().gps(),
        Duration.ofSeconds(20),
        (k, v) -> {
          JsonObject record = new JsonObject(v);
          if (deviceId.equals(record.getString("device_id"))) {
            records.add(record);
          }
        });
    return new ArrayList<>(records);
  }

  public void stopBroker() {
    kafka.close();
  }

  public void startBroker() {
    kafka = EmbeddedKafka.start(brokerConfig);
  }

  @Override
  public void close() {
    Blocking.awaitQuietly(gateway.close(), "stop gateway");
    Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }
}
