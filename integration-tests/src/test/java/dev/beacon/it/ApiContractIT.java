package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.Ingestor;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.ingestor.ReadAccessConfig;
import dev.beacon.it.support.AsyncApiContract;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.GpsDb;
import dev.beacon.it.support.OpenApiContract;
import dev.beacon.it.support.SpecDocument;
import dev.beacon.it.support.TextClient;
import dev.beacon.it.support.TopicRecords;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API descriptions against the real thing: a broker, the broadcaster, the ingestor over SQLite
 * and two gateways (admin API on, and off) in this JVM. Every documented HTTP operation is called,
 * error cases included, and each answer's status, content type, body and headers are checked
 * against the OpenAPI document that the service itself serves; WebSocket frames of real sessions
 * and the records in every topic are checked against the AsyncAPI document's payloads. The
 * documents are loaded by URL, so their {@code $ref}s into docs/schema resolve as any tool's would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOKEN = "contract-admin-token-0123456789";
  private static final String READ_TOKEN = "contract-read-token-0123456789";
  private static final String JWT_SECRET = "contract-jwt-secret-of-at-least-32-bytes";
  private static final long T0 = 1_681_593_747_000L;

  /**
   * The device whose positions ingestorOperations pages through; only the reference fixes write it.
   */
  private static final String TRACK = "trk";

  /**
   * The device chatFrames follows live, apart from TRACK so that its fix does not change TRACK's
   * pages.
   */
  private static final String CHAT_TRACK = "chat-trk";

  private static final int TRACK_FIXES = 230;
  private static final int DEVICES = 40;
  private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private KafkaSettings settings;
  private Vertx vertx;
  private BroadcasterService broadcaster;
  private Ingestor ingestor;
  private Gateway gateway;
  private Gateway gatewayWithoutAdmin;
  private OpenApiContract ingestorApi;
  private OpenApiContract adminApi;
  private OpenApiContract disabledAdminApi;
  private AsyncApiContract asyncApi;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")));
    settings = KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(3).build();
    vertx = Vertx.vertx();
    broadcaster =
        Blocking.await(
            BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings), "broadcaster");
    ingestor =
        Blocking.await(
            Ingestor.start(
                vertx,
                IngestorConfig.builder()
                    .dataDir(dir.resolve("store"))
                    .apiPort(0)
                    .batchMaxDelay(Duration.ofMillis(50))
                    .groupId("contract-ingestor")
                    .access(
                        ReadAccessConfig.builder()
                            .readToken(READ_TOKEN)
                            .jwt(
                                JwtConfig.builder()
                                    .hs256Secret(JWT_SECRET)
                                    .leeway(Duration.ofSeconds(5))
                                    .build())
                            .build())
                    .build(),
                settings),
            "ingestor");
    gateway =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .deviceAuth(DeviceAuthMode.OPEN)
                    .gatewayId("gw-contract")
                    .instances(1)
                    .serverApi(ServerApiConfig.builder().adminToken(TOKEN).build())
                    .bounds(failuresForEveryOperation())
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway");
    gatewayWithoutAdmin =
        Blocking.await(
            Gateway.deploy(
                vertx,
                GatewayConfig.builder()
                    .port(0)
                    .deviceAuth(DeviceAuthMode.OPEN)
                    .gatewayId("gw-no-admin")
                    .instances(1)
                    .build(),
                KafkaBackend.of(settings),
                ConnectionListener.NONE),
            "gateway without admin API");
    ingestorApi = new OpenApiContract(SpecDocument.load(ingestorUrl("/api/openapi.yaml")));
    adminApi = new OpenApiContract(SpecDocument.load(gatewayUrl(gateway, "/api/openapi.yaml")));
    disabledAdminApi =
        new OpenApiContract(
            SpecDocument.load(gatewayUrl(gatewayWithoutAdmin, "/api/openapi.yaml")));
    asyncApi = new AsyncApiContract(SpecDocument.load(gatewayUrl(gateway, "/asyncapi.yaml")));
  }

  @AfterAll
  void stop() {
    for (Gateway g : new Gateway[] {gateway, gatewayWithoutAdmin}) {
      if (g != null) {
        Blocking.awaitQuietly(g.close(), "stop gateway");
      }
    }
    if (ingestor != null) {
      Blocking.awaitQuietly(ingestor.close(), "stop ingestor");
    }
    if (broadcaster != null) {
      Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
    }
    Blocking.awaitQuietly(vertx.close(), "stop vertx");
    kafka.close();
  }

  @Test
  @DisplayName(
      "the served documents are well-formed OpenAPI 3.1 and AsyncAPI 3.0, and every $ref resolves over HTTP")
  void documentsAreWellFormed() {
    for (SpecDocument doc : List.of(ingestorApi.document(), adminApi.document())) {
      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      SwaggerParseResult parsed =
          new OpenAPIV3Parser().readLocation(doc.url().toString(), null, options);
      assertThat(parsed.getMessages()).as("swagger-parser messages for %s", doc.url()).isEmpty();
      assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
      assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }
    assertThat(asyncApi.structuralProblems()).isEmpty();
    for (SpecDocument doc :
        List.of(ingestorApi.document(), adminApi.document(), asyncApi.document())) {
      assertThat(doc.unresolvedRefs()).as("unresolved $refs of %s", doc.url()).isEmpty();
      assertThat(doc.nullValues()).as("keys without a value in %s", doc.url()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the documents' schemas refuse wrong values, through their $refs into docs/schema too")
  void schemasAreNotVacuous() {
    SpecDocument ingestorDoc = ingestorApi.document();
    assertThat(ingestorDoc.validate("/components/schemas/Error", "{\"error\":\"bad_request\"}"))
        .isNotEmpty();
    assertThat(
            ingestorDoc.validate(
                "/components/schemas/Device",
                "{\"device_id\":\"a b\",\"fixes\":1,\"latest\":{\"ts\":1,\"lat\":1,\"lon\":1,\"received_at\":1}}"))
        .as("device id against defs.schema.json#/$defs/name")
        .isNotEmpty();
    assertThat(
            ingestorDoc.validate(
                "/components/schemas/Positions",
                "{\"device_id\":\"a\",\"count\":0,\"positions\":[],\"next_cursor\":null,\"extra\":1}"))
        .isNotEmpty();
    assertThat(
            adminApi
                .document()
                .validate(
                    "/components/schemas/Client",
                    "{\"client_id\":\"c\",\"gateway\":\"g\","
                        + "\"remote\":\"r\",\"connected_at\":1,\"rooms\":[\"a b\"]}"))
        .as("rooms via presence-client")
        .isNotEmpty();
    assertThat(
            asyncApi
                .document()
                .validate(
                    asyncApi.payload("sendChatMessages", "welcome"), "{\"type\":\"welcome\"}"))
        .isNotEmpty();
    assertThat(
            asyncApi
                .document()
                .validate(
                    asyncApi.payload("publishFixes", "gpsRecord"),
                    "{\"v\":1,\"device_id\":"
                        + "\"d\",\"ts\":1,\"lat\":95,\"lon\":1,\"received_at\":1,\"gateway\":\"g\"}"))
        .isNotEmpty();
    assertThat(
            asyncApi
                .document()
                .validate(asyncApi.payload("receiveFixes", "fixLine"), "\"32,1681593747,44.8\""))
        .isNotEmpty();
    assertThat(
            asyncApi
                .document()
                .validate(asyncApi.payload("publishMessages", "messageRecord"), "{\"v\":2}"))
        .isNotEmpty();
  }

  @Test
  @DisplayName(
      "device frames both ways match the AsyncAPI device channel, and the fixes reach the store")
  void deviceEndpoint() {
    List<String> lines = referenceFixes();
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      lines.forEach(line -> asyncApi.assertValid("receiveFixes", "fixLine", Json.encode(line)));
      List<String> replies = device.pipeline(lines, WAIT);
      assertThat(replies).containsOnly("OK");
      asyncApi.assertValid("receiveFixes", "ok", Json.encode(replies.get(0)));

      for (String bad :
          List.of("32,1681593747,95.0,20.46", "32,1681593747,44.8", "bad id!,1,1,1")) {
        String reply = device.request(bad, WAIT);
        assertThat(reply).startsWith("ERR ");
        asyncApi.assertValid("receiveFixes", "err", Json.encode(reply));
      }
      String gps =
          "{\"type\":\"gps\",\"id\":7,\"device_id\":\"json-1\",\"ts\":1681593748,\"lat\":-12.5,\"lon\":-170.25}";
      asyncApi.assertValid("receiveFixes", "gps", gps);
      String ack = device.request(gps, WAIT);
      asyncApi.assertValid("receiveFixes", "ack", ack);
      String pong = device.request("{\"type\":\"ping\",\"id\":\"p\"}", WAIT);
      asyncApi.assertValid("receiveFixes", "pong", pong);
      String error =
          device.request(
              "{\"type\":\"gps\",\"device_id\":\"x\",\"ts\":1,\"lat\":99,\"lon\":0}", WAIT);
      asyncApi.assertValid("receiveFixes", "error", error);
    }
    Await.equal(
        "this test's fixes in the store",
        WAIT,
        (long) TRACK_FIXES + DEVICES + 1,
        () ->
            GpsDb.queryLong(
                storeFile(),
                "SELECT COUNT(*) FROM gps_fix WHERE device_id = '"
                    + TRACK
                    + "' OR device_id LIKE 'dev-%' OR device_id = 'json-1'"));
  }

  /**
   * TRACK's fixes and one fix of each of DEVICES devices, as CSV lines; sent by every test that
   * reads them (a resend is acknowledged and stored once), so that no test depends on another
   * having run.
   */
  private List<String> referenceFixes() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < TRACK_FIXES; i++) {
      lines.add(
          TRACK + "," + (T0 + i * 1_000L) + "," + (44.8 + i * 1e-4) + "," + (20.4 - i * 1e-4));
    }
    for (int i = 0; i < DEVICES; i++) {
      String device = String.format("dev-%02d", i);
      lines.add(
          device + "," + (T0 / 1000 + i) + "," + (-33.86 + i * 0.01) + "," + (151.2 - i * 0.01));
    }
    return lines;
  }

  /** Sends the reference fixes and waits until the store holds them all. */
  private void storeReferenceFixes() {
    try (TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      assertThat(device.pipeline(referenceFixes(), WAIT)).containsOnly("OK");
    }
    Await.equal(
        "the reference fixes in the store",
        WAIT,
        (long) TRACK_FIXES + DEVICES,
        () ->
            GpsDb.queryLong(
                storeFile(),
                "SELECT COUNT(*) FROM gps_fix WHERE device_id = '"
                    + TRACK
                    + "' OR device_id LIKE 'dev-%'"));
  }

  private Path storeFile() {
    return dir.resolve("store").resolve("gps.db");
  }

  @Test
  @DisplayName(
      "every ingestor operation answers as documented; paging shows every device and fix exactly once")
  void ingestorOperations() {
    storeReferenceFixes();
    ingestorApi.check("GET", "/health", get(ingestorUrl("/health")));
    ingestorApi.check("GET", "/ready", get(ingestorUrl("/ready")));
    ingestorApi.check("GET", "/metrics", get(ingestorUrl("/metrics")));
    ingestorApi.check("GET", "/api/stats", get(ingestorUrl("/api/stats")));
    ingestorApi.check("GET", "/api/openapi.yaml", get(ingestorUrl("/api/openapi.yaml")));

    List<String> devices = new ArrayList<>();
    int pages =
        pageThrough(
            "/api/devices",
            "/api/devices?limit=7",
            page ->
                new JsonArray(page)
                    .stream().map(d -> ((JsonObject) d).getString("device_id")).toList(),
            devices);
    Set<String> storedDevices =
        new TreeSet<>(referenceFixes().stream().map(line -> line.split(",")[0]).toList());
    // Other tests may have stored devices of their own: every stored device is listed, once, in
    // order.
    assertThat(devices)
        .doesNotHaveDuplicates()
        .isSorted()
        .containsAll(storedDevices)
        .hasSize(
            (int) GpsDb.queryLong(storeFile(), "SELECT COUNT(DISTINCT device_id) FROM gps_fix"));
    assertThat(pages).isEqualTo((devices.size() + 6) / 7);

    List<Long> fixes = new ArrayList<>();
    pageThrough(
        "/api/devices/{id}/positions",
        "/api/devices/" + TRACK + "/positions?limit=40&from=" + T0,
        page ->
            new JsonObject(page)
                .getJsonArray("positions").stream()
                    .map(p -> ((JsonObject) p).getLong("ts"))
                    .toList(),
        fixes);
    assertThat(fixes)
        .doesNotHaveDuplicates()
        .isSorted()
        .hasSize(TRACK_FIXES)
        .startsWith(T0)
        .endsWith(T0 + (TRACK_FIXES - 1) * 1_000L);

    List<Long> points = new ArrayList<>();
    pageThrough(
        "/api/devices/{id}/positions.geojson",
        "/api/devices/" + TRACK + "/positions.geojson?limit=100",
        page ->
            new JsonObject(page)
                .getJsonArray("features").stream()
                    .map(f -> (JsonObject) f)
                    .filter(f -> f.getJsonObject("geometry").getString("type").equals("Point"))
                    .map(f -> f.getJsonObject("properties").getLong("ts"))
                    .toList(),
        points);
    assertThat(points).isEqualTo(fixes);

    String positions = "/api/devices/{id}/positions";
    String foreign =
        new JsonObject(read(ingestorUrl("/api/devices/" + TRACK + "/positions?limit=1")).body())
            .getString("next_cursor");
    assertError(
        ingestorApi.check("GET", "/api/devices", read(ingestorUrl("/api/devices?limit=0"))),
        "bad_request");
    assertError(
        ingestorApi.check("GET", "/api/devices", read(ingestorUrl("/api/devices?cursor=nonsense"))),
        "bad_cursor");
    assertError(
        ingestorApi.check(
            "GET", "/api/devices", read(ingestorUrl("/api/devices?cursor=" + foreign))),
        "bad_cursor");
    assertError(
        ingestorApi.check(
            "GET", positions, read(ingestorUrl("/api/devices/dev-01/positions?cursor=" + foreign))),
        "bad_cursor");
    assertError(
        ingestorApi.check(
            "GET", positions, read(ingestorUrl("/api/devices/trk/positions?from=yesterday"))),
        "bad_request");
    assertError(
        ingestorApi.check("GET", positions, read(ingestorUrl("/api/devices/ghost/positions"))),
        "unknown_device");
    String geo = "/api/devices/{id}/positions.geojson";
    assertError(
        ingestorApi.check(
            "GET", geo, read(ingestorUrl("/api/devices/trk/positions.geojson?limit=x"))),
        "bad_request");
    assertError(
        ingestorApi.check("GET", geo, read(ingestorUrl("/api/devices/ghost/positions.geojson"))),
        "unknown_device");
    String scoped =
        "Bearer "
            + JwtSigner.hs256(
                new JsonObject()
                    .put("sub", "map")
                    .put("exp", System.currentTimeMillis() / 1000 + 600)
                    .put("read", new JsonArray().add(TRACK)),
                JWT_SECRET);
    String noGrant =
        "Bearer "
            + JwtSigner.hs256(
                new JsonObject()
                    .put("sub", "map")
                    .put("exp", System.currentTimeMillis() / 1000 + 600),
                JWT_SECRET);
    for (String template :
        List.of(
            "/api/devices",
            positions,
            geo,
            "/api/conflicts",
            "/api/geofences",
            "/api/geofences/{id}",
            "/api/geofence-events")) {
      String path = template.replace("{id}", TRACK);
      assertError(ingestorApi.check("GET", template, get(ingestorUrl(path))), "unauthorized");
      assertError(
          ingestorApi.check(
              "GET", template, request(ingestorUrl(path), "GET", "not-the-token-xxxxxxxx", null)),
          "invalid_token");
      assertError(
          ingestorApi.check("GET", template, withAuthorization(ingestorUrl(path), noGrant)),
          "no_read_grant");
    }
    assertThat(new JsonArray(withAuthorization(ingestorUrl("/api/devices"), scoped).body()))
        .hasSize(1);
    assertError(
        ingestorApi.check(
            "GET",
            positions,
            withAuthorization(ingestorUrl("/api/devices/dev-01/positions"), scoped)),
        "forbidden_device");
    assertError(
        ingestorApi.check(
            "GET",
            geo,
            withAuthorization(ingestorUrl("/api/devices/dev-01/positions.geojson"), scoped)),
        "forbidden_device");
    assertError(
        ingestorApi.check(
            "GET",
            "/api/conflicts",
            withAuthorization(ingestorUrl("/api/conflicts?device=dev-01"), scoped)),
        "forbidden_device");
    assertThat(
            ingestorApi
                .check("GET", "/api/conflicts", read(ingestorUrl("/api/conflicts")))
                .statusCode())
        .isEqualTo(200);
    assertError(
        ingestorApi.check("GET", "/api/conflicts", read(ingestorUrl("/api/conflicts?limit=0"))),
        "bad_request");

    for (String export : List.of("track.gpx", "track.csv", "track.geojson", "summary")) {
      String template = "/api/devices/{id}/" + export;
      String path = "/api/devices/" + TRACK + "/" + export;
      assertThat(
              ingestorApi
                  .check("GET", template, read(ingestorUrl(path + "?from=" + T0)))
                  .statusCode())
          .isEqualTo(200);
      assertError(
          ingestorApi.check("GET", template, read(ingestorUrl(path + "?from=yesterday"))),
          "bad_request");
      assertError(
          ingestorApi.check("GET", template, read(ingestorUrl("/api/devices/ghost/" + export))),
          "unknown_device");
      assertError(ingestorApi.check("GET", template, get(ingestorUrl(path))), "unauthorized");
      assertError(
          ingestorApi.check(
              "GET",
              template,
              withAuthorization(ingestorUrl("/api/devices/dev-01/" + export), scoped)),
          "forbidden_device");
    }

    checkGeofenceReads(scoped);

    HttpResponse<String> noRoute = get(ingestorUrl("/api/nothing"));
    assertThat(noRoute.statusCode()).isEqualTo(404);
    ingestorApi
        .document()
        .assertValid(
            "/components/responses/NotFound/content/application~1json/schema",
            noRoute.body(),
            "unknown route");
    assertThat(new JsonObject(noRoute.body()).getString("message"))
        .contains("GET /api/openapi.yaml");

    Set<String> missed = new TreeSet<>(ingestorApi.documented());
    missed.removeAll(ingestorApi.seen());
    // Not provoked here: a dead consumer (IngestorCrashIT), a store refusing writes and a failing
    // SQLite read.
    assertThat(missed)
        .containsExactlyInAnyOrder(
            "GET /health 503",
            "GET /ready 503",
            "GET /api/stats 500",
            "GET /api/devices 500",
            "GET /api/devices/{id}/positions 500",
            "GET /api/devices/{id}/positions.geojson 500",
            "GET /api/conflicts 500",
            "GET /api/devices/{id}/track.gpx 500",
            "GET /api/devices/{id}/track.csv 500",
            "GET /api/devices/{id}/track.geojson 500",
            "GET /api/devices/{id}/summary 500",
            "GET /api/geofence-events 500");
  }

  /** The geofence routes of the ingestor: a fence made on the admin API, listed and shown. */
  private void checkGeofenceReads(String scoped) {
    assertStatus(
        admin(
            "POST",
            "/geofences",
            "{\"id\":\"contract-reads\",\"name\":\"Reads\",\"type\":\"circle\","
                + "\"lat\":1,\"lon\":1,\"radius_m\":10}"),
        201);
    Await.equal(
        "the ingestor to know the fence",
        WAIT,
        200,
        () -> read(ingestorUrl("/api/geofences/contract-reads")).statusCode());
    String one = "/api/geofences/{id}";
    assertStatus(
        ingestorApi.check("GET", "/api/geofences", read(ingestorUrl("/api/geofences"))), 200);
    assertStatus(
        ingestorApi.check("GET", one, read(ingestorUrl("/api/geofences/contract-reads"))), 200);
    assertError(
        ingestorApi.check("GET", one, read(ingestorUrl("/api/geofences/nothing-here"))),
        "unknown_geofence");
    String events = "/api/geofence-events";
    assertStatus(ingestorApi.check("GET", events, read(ingestorUrl(events + "?limit=5"))), 200);
    assertError(
        ingestorApi.check("GET", events, read(ingestorUrl(events + "?after=x"))), "bad_request");
    assertError(
        ingestorApi.check(
            "GET", events, withAuthorization(ingestorUrl(events + "?device=dev-01"), scoped)),
        "forbidden_device");
  }

  /**
   * Follows the Link headers from {@code first}, checking each page; returns the number of pages.
   */
  private <T> int pageThrough(
      String template, String first, Function<String, List<T>> rows, List<T> into) {
    String next = first;
    int pages = 0;
    while (next != null) {
      HttpResponse<String> page = ingestorApi.check("GET", template, read(ingestorUrl(next)));
      assertThat(page.statusCode()).isEqualTo(200);
      into.addAll(rows.apply(page.body()));
      pages++;
      next =
          page.headers()
              .firstValue("Link")
              .map(
                  link -> {
                    Matcher m = NEXT.matcher(link);
                    assertThat(m.matches()).as(link).isTrue();
                    return m.group(1);
                  })
              .orElse(null);
      if (!template.equals("/api/devices")) {
        String cursor = new JsonObject(page.body()).getString("next_cursor");
        assertThat(cursor == null)
            .as("next_cursor null exactly on the last page")
            .isEqualTo(next == null);
        if (next != null) {
          assertThat(next).contains("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
      }
    }
    return pages;
  }

  @Test
  @DisplayName(
      "every admin operation answers as documented: with the token, without it, and with the API off")
  void adminOperations() {
    try (TextClient target = TextClient.connect(vertx, gateway.port(), "/chat")) {
      target.setClientId(new JsonObject(target.nextReply(WAIT)).getString("client_id"));
      Await.until(
          "the client listed",
          WAIT,
          () -> admin("GET", "/clients", null).body().contains(target.clientId()));
      String id = target.clientId();
      String tooLarge =
          new JsonObject()
              .put("message", "x".repeat(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE + 5_000))
              .encode();

      adminApi.check("GET", "/clients/count", admin("GET", "/clients/count", null));
      adminApi.check("GET", "/clients", admin("GET", "/clients?room=lobby&limit=5", null));
      assertError(
          adminApi.check("GET", "/clients", admin("GET", "/clients?limit=0", null)), "bad_request");
      adminApi.check("GET", "/openapi.yaml", get(gatewayUrl(gateway, "/api/openapi.yaml")));

      Map<String, String> posts = new HashMap<>();
      posts.put("/clients/{id}/send", "/clients/" + id + "/send");
      posts.put("/broadcast", "/broadcast");
      posts.put("/rooms/{room}/publish", "/rooms/ops/publish");
      for (Map.Entry<String, String> post : posts.entrySet()) {
        assertStatus(
            adminApi.check(
                "POST", post.getKey(), admin("POST", post.getValue(), "{\"message\":\"hi\"}")),
            202);
        assertError(
            adminApi.check(
                "POST", post.getKey(), admin("POST", post.getValue(), "{\"from\":\"ops\"}")),
            "bad_request");
        assertError(
            adminApi.check("POST", post.getKey(), admin("POST", post.getValue(), tooLarge)),
            "body_too_large");
      }
      assertError(
          adminApi.check(
              "POST",
              "/clients/{id}/send",
              admin("POST", "/clients/nobody/send", "{\"message\":\"hi\"}")),
          "client_not_connected");
      assertError(
          adminApi.check(
              "POST",
              "/rooms/{room}/publish",
              admin("POST", "/rooms/gps:1/publish", "{\"message\":\"hi\"}")),
          "bad_request");
      String disconnect = "/clients/{id}/disconnect";
      assertError(
          adminApi.check(
              "POST",
              disconnect,
              admin("POST", "/clients/" + id + "/disconnect", "{\"code\":1001}")),
          "bad_request");
      assertError(
          adminApi.check("POST", disconnect, admin("POST", "/clients/nobody/disconnect", "{}")),
          "client_not_connected");
      assertError(
          adminApi.check(
              "POST", disconnect, admin("POST", "/clients/" + id + "/disconnect", tooLarge)),
          "body_too_large");
      assertStatus(
          adminApi.check(
              "POST",
              disconnect,
              admin(
                  "POST",
                  "/clients/" + id + "/disconnect",
                  "{\"code\":4403,\"reason\":\"contract test\"}")),
          202);
      assertThat(target.awaitCloseCode(WAIT)).isEqualTo((short) 4403);

      HttpResponse<String> made =
          admin("POST", "/device-keys", "{\"devices\":[\"32\"],\"label\":\"contract\"}");
      assertStatus(adminApi.check("POST", "/device-keys", made), 201);
      String keyId = new JsonObject(made.body()).getString("key_id");
      assertError(
          adminApi.check(
              "POST", "/device-keys", admin("POST", "/device-keys", "{\"devices\":[\"a b\"]}")),
          "bad_request");
      assertError(
          adminApi.check("POST", "/device-keys", admin("POST", "/device-keys", tooLarge)),
          "body_too_large");
      assertThat(adminApi.check("GET", "/device-keys", admin("GET", "/device-keys", null)).body())
          .contains(keyId);
      String revoke = "/device-keys/{key_id}";
      assertStatus(
          adminApi.check("DELETE", revoke, admin("DELETE", "/device-keys/" + keyId, null)), 200);
      assertError(
          adminApi.check("DELETE", revoke, admin("DELETE", "/device-keys/0123456789abcdef", null)),
          "device_key_not_found");
    }

    checkGeofenceAdmin(tooLarge());

    Map<String, String> operations =
        Map.ofEntries(
            Map.entry("GET /geofences", "/geofences"),
            Map.entry("POST /geofences", "/geofences"),
            Map.entry("GET /geofences/{id}", "/geofences/g1"),
            Map.entry("PUT /geofences/{id}", "/geofences/g1"),
            Map.entry("DELETE /geofences/{id}", "/geofences/g1"),
            Map.entry("GET /clients/count", "/clients/count"),
            Map.entry("GET /clients", "/clients"),
            Map.entry("POST /clients/{id}/disconnect", "/clients/c-1/disconnect"),
            Map.entry("POST /clients/{id}/send", "/clients/c-1/send"),
            Map.entry("POST /broadcast", "/broadcast"),
            Map.entry("POST /rooms/{room}/publish", "/rooms/ops/publish"),
            Map.entry("POST /device-keys", "/device-keys"),
            Map.entry("GET /device-keys", "/device-keys"),
            Map.entry("DELETE /device-keys/{key_id}", "/device-keys/0123456789abcdef"));
    for (Map.Entry<String, String> op : operations.entrySet()) {
      String[] methodAndTemplate = op.getKey().split(" ");
      String body = methodAndTemplate[0].equals("POST") ? "{\"message\":\"hi\"}" : null;
      HttpResponse<String> noToken =
          request(gatewayUrl(gateway, "/api" + op.getValue()), methodAndTemplate[0], null, body);
      assertError(
          adminApi.check(methodAndTemplate[0], methodAndTemplate[1], noToken), "unauthorized");
      assertThat(noToken.headers().firstValue("WWW-Authenticate")).isPresent();
      HttpResponse<String> off =
          request(
              gatewayUrl(gatewayWithoutAdmin, "/api" + op.getValue()),
              methodAndTemplate[0],
              TOKEN,
              body);
      assertError(
          disabledAdminApi.check(methodAndTemplate[0], methodAndTemplate[1], off),
          "admin_api_disabled");
    }
    HttpResponse<String> noRoute = admin("GET", "/nothing", null);
    assertThat(noRoute.statusCode()).isEqualTo(404);
    adminApi
        .document()
        .assertValid(
            "/components/responses/NotFound/content/application~1json/schema",
            noRoute.body(),
            "unknown admin route");
    assertThat(new JsonObject(noRoute.body()).getString("message"))
        .contains("GET /api/openapi.yaml");

    Set<String> missed = new TreeSet<>(adminApi.documented());
    missed.removeAll(adminApi.seen());
    missed.removeAll(disabledAdminApi.seen());
    // The channel methods (/server/*) are exercised against this document by
    // ChannelsAcrossGatewaysIT.
    missed.removeIf(s -> s.contains(" /server/"));
    // Kafka refusing a write is GracefulStopIT's and GpsPipelineIT's ground; not provoked here.
    assertThat(missed).allMatch(s -> s.endsWith(" 503")).hasSize(9);
  }

  @Test
  @DisplayName(
      "every frame of real /chat sessions, both ways, is a valid payload of the AsyncAPI chat channel")
  void chatFrames() {
    try (TextClient ana = TextClient.connect(vertx, gateway.port(), "/chat");
        TextClient bob = TextClient.connect(vertx, gatewayWithoutAdmin.port(), "/chat");
        TextClient device = TextClient.connect(vertx, gateway.port(), "/ws")) {
      List<String> received = new ArrayList<>();
      JsonObject welcome = new JsonObject(ana.nextReply(WAIT));
      received.add(welcome.encode());
      String bobId = new JsonObject(bob.nextReply(WAIT)).getString("client_id");
      List<String> requests =
          List.of(
              "{\"type\":\"subscribe\",\"id\":\"s1\",\"room\":\"gps:" + CHAT_TRACK + "\"}",
              "{\"type\":\"subscribe\",\"id\":\"s2\",\"room\":\"ops\"}",
              "{\"type\":\"chat\",\"id\":\"m1\",\"sender\":\"ana\",\"content\":\"hi\",\"room\":\"lobby\"}",
              "{\"type\":\"broadcast\",\"id\":\"b1\",\"message\":\"maintenance at 18:00\",\"from\":\"ops\"}",
              "{\"type\":\"ping\",\"id\":\"p1\"}",
              "{\"type\":\"custom\",\"id\":\"c1\",\"action\":\"get_stats\"}",
              "{\"type\":\"presence\",\"id\":\"r1\",\"room\":\"lobby\"}",
              "{\"type\":\"direct\",\"id\":\"d1\",\"to\":\""
                  + bobId
                  + "\",\"content\":\"psst\",\"sender\":\"ana\"}",
              "{\"type\":\"gps\",\"id\":\"g1\",\"device_id\":\"chat-gps\",\"ts\":1681593749,\"lat\":1.5,\"lon\":2.5}",
              "{\"type\":\"unsubscribe\",\"id\":\"u1\",\"room\":\"ops\"}",
              "{\"type\":\"refresh\",\"id\":\"t1\",\"token\":\"aGVhZA.Ym9keQ.c2ln\"}");
      for (String request : requests) {
        asyncApi.assertValid(
            "receiveChatRequests", new JsonObject(request).getString("type"), request);
        ana.send(request);
      }
      ana.send("not json");
      assertThat(device.request(CHAT_TRACK + "," + (T0 / 1000 + 10_000) + ",44.9,20.5", WAIT))
          .isEqualTo("OK");

      Set<String> wanted =
          new HashSet<>(
              List.of(
                  "welcome",
                  "subscribed",
                  "chat",
                  "broadcast",
                  "broadcast_ack",
                  "pong",
                  "stats",
                  "presence",
                  "ack",
                  "unsubscribed",
                  "error",
                  "gps"));
      Set<String> types = new HashSet<>(Set.of("welcome"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!types.containsAll(wanted) && System.nanoTime() < deadline) {
        String frame = ana.pollReply(Duration.ofMillis(500));
        if (frame != null) {
          received.add(frame);
          types.add(new JsonObject(frame).getString("type"));
        }
      }
      assertThat(types).containsAll(wanted);
      String direct = null;
      while (direct == null || !new JsonObject(direct).getString("type").equals("direct")) {
        direct = bob.nextReply(WAIT);
        received.add(direct);
      }
      for (String frame : received) {
        asyncApi.assertValid("sendChatMessages", new JsonObject(frame).getString("type"), frame);
      }
    }
  }

  @Test
  @DisplayName(
      "every record in the six topics is a valid payload of its AsyncAPI channel's message")
  void kafkaRecords() {
    writeEveryTopic();
    Map<String, String> operations =
        Map.of(
            Topics.GPS,
            "publishFixes",
            Topics.MESSAGES,
            "publishMessages",
            Topics.DELIVERIES,
            "publishDeliveries",
            Topics.PRESENCE,
            "publishPresence",
            Topics.CONTROL,
            "publishControl",
            Topics.DEVICE_KEYS,
            "publishDeviceKeys");
    Map<String, Integer> checked = new HashMap<>();
    for (Map.Entry<String, String> topic : operations.entrySet()) {
      TopicRecords.readAll(
          settings,
          topic.getKey(),
          WAIT,
          (key, value) -> {
            if (value != null) {
              asyncApi.assertValid(topic.getValue(), messageName(topic.getKey(), key), value);
              checked.merge(topic.getKey(), 1, Integer::sum);
            }
          });
    }
    assertThat(checked).as("records checked per topic").containsOnlyKeys(operations.keySet());
    assertThat(checked.get(Topics.GPS)).isGreaterThan(TRACK_FIXES);
  }

  /**
   * At least one record in each of the six topics, whatever else has run: fixes, a client's
   * presence, a broadcast (a message and its delivery), an operator's disconnect (a control record)
   * and a device key.
   */
  private void writeEveryTopic() {
    storeReferenceFixes();
    try (TextClient client = TextClient.connect(vertx, gateway.port(), "/chat")) {
      String id = new JsonObject(client.nextReply(WAIT)).getString("client_id");
      assertStatus(admin("POST", "/broadcast", "{\"message\":\"records\"}"), 202);
      assertStatus(
          admin("POST", "/clients/" + id + "/disconnect", "{\"code\":4403,\"reason\":\"records\"}"),
          202);
      assertThat(client.awaitCloseCode(WAIT)).isEqualTo((short) 4403);
    }
    assertStatus(
        admin("POST", "/device-keys", "{\"devices\":[\"32\"],\"label\":\"records\"}"), 201);
  }

  /**
   * The AsyncAPI message name of a record: one per topic, and on beacon.presence one per kind of
   * key.
   */
  private static String messageName(String topic, String key) {
    return switch (topic) {
      case Topics.GPS -> "gpsRecord";
      case Topics.MESSAGES -> "messageRecord";
      case Topics.DELIVERIES -> "deliveryRecord";
      case Topics.PRESENCE ->
          key.startsWith("client:")
              ? "presenceClient"
              : key.startsWith("member:") ? "presenceMember" : "presenceGateway";
      case Topics.DEVICE_KEYS -> "deviceKeyRecord";
      default -> "controlRecord";
    };
  }

  private String ingestorUrl(String pathAndQuery) {
    return "http://127.0.0.1:" + ingestor.apiPort() + pathAndQuery;
  }

  private static String gatewayUrl(Gateway g, String pathAndQuery) {
    return "http://127.0.0.1:" + g.port() + pathAndQuery;
  }

  private static HttpResponse<String> get(String url) {
    return SpecDocument.get(URI.create(url));
  }

  /** A read of stored positions with the read token. */
  private static HttpResponse<String> read(String url) {
    return request(url, "GET", READ_TOKEN, null);
  }

  private static HttpResponse<String> withAuthorization(String url, String authorization) {
    return SpecDocument.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET());
  }

  private HttpResponse<String> admin(String method, String path, String body) {
    return request(gatewayUrl(gateway, "/api" + path), method, TOKEN, body);
  }

  private static HttpResponse<String> request(
      String url, String method, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return SpecDocument.send(request);
  }

  /** Room for one wrong token per admin operation (15) before the throttle answers 429. */
  private static dev.beacon.gateway.security.ResourceBounds failuresForEveryOperation() {
    dev.beacon.gateway.security.ResourceBounds d =
        dev.beacon.gateway.security.ResourceBounds.defaults();
    return new dev.beacon.gateway.security.ResourceBounds(
        d.http(),
        d.maxRecoveryReaders(),
        d.maxRecoveriesPerConnection(),
        20,
        d.adminFailureWindow());
  }

  private static String tooLarge() {
    return new JsonObject()
        .put("message", "x".repeat(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE + 5_000))
        .encode();
  }

  /** Every answer of the admin API's geofence routes but 503. */
  private void checkGeofenceAdmin(String tooLarge) {
    String circle =
        "{\"id\":\"contract\",\"name\":\"Contract\",\"type\":\"circle\","
            + "\"lat\":44.8,\"lon\":20.4,\"radius_m\":100}";
    String one = "/geofences/{id}";
    assertStatus(adminApi.check("POST", "/geofences", admin("POST", "/geofences", circle)), 201);
    assertError(
        adminApi.check("POST", "/geofences", admin("POST", "/geofences", circle)),
        "geofence_exists");
    assertError(
        adminApi.check(
            "POST", "/geofences", admin("POST", "/geofences", "{\"name\":\"x\",\"type\":\"x\"}")),
        "bad_request");
    assertError(
        adminApi.check("POST", "/geofences", admin("POST", "/geofences", tooLarge)),
        "body_too_large");
    assertStatus(adminApi.check("GET", "/geofences", admin("GET", "/geofences", null)), 200);
    assertStatus(adminApi.check("GET", one, admin("GET", "/geofences/contract", null)), 200);
    assertError(
        adminApi.check("GET", one, admin("GET", "/geofences/none", null)), "geofence_not_found");
    assertStatus(
        adminApi.check(
            "PUT", one, admin("PUT", "/geofences/contract", circle.replace("100", "200"))),
        200);
    assertError(
        adminApi.check("PUT", one, admin("PUT", "/geofences/contract", "{\"name\":\"\"}")),
        "bad_request");
    assertError(
        adminApi.check("PUT", one, admin("PUT", "/geofences/contract", tooLarge)),
        "body_too_large");
    assertError(
        adminApi.check("PUT", one, admin("PUT", "/geofences/none", circle)), "geofence_not_found");
    assertStatus(adminApi.check("DELETE", one, admin("DELETE", "/geofences/contract", null)), 200);
    assertError(
        adminApi.check("DELETE", one, admin("DELETE", "/geofences/contract", null)),
        "geofence_not_found");
  }

  private static void assertError(HttpResponse<String> response, String code) {
    assertThat(new JsonObject(response.body()).getString("error"))
        .as(response.body())
        .isEqualTo(code);
  }

  private static void assertStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }
}
