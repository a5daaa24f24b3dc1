package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.http.HttpTimeouts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read positions, and from which origins, over a real HTTP server and a real SQLite file.
 */
@ExtendWith(VertxExtension.class)
class ReadAccessApiTest {

  static final long T0 = 1_700_000_000_000L;
  static final String TOKEN = "a-read-token-0123456789";
  static final String SECRET = "a-jwt-secret-of-at-least-32-bytes-long!!";
  static final String CONSOLE = "http://localhost:8080";

  @TempDir Path dir;
  SqliteFixStore store;
  FixQueryApi api;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  void start(Vertx vertx, ReadAccessConfig access, HttpTimeouts timeouts) throws Exception {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    store.insert(
        List.of(
            new GpsFix("32", T0, 44.8, 20.4, T0, "gw"),
            new GpsFix("33", T0, 45.2, 19.8, T0, "gw"),
            new GpsFix("320", T0, 1, 1, T0, "gw")));
    store.insert(
        List.of(
            new GpsFix("33", T0, 9, 9, T0 + 1, "gw-forger"),
            new GpsFix("32", T0, 8, 8, T0, "gw-forger")));
    api =
        new FixQueryApi(
            store,
            new IngestorStats(),
            () -> true,
            IngestorConfig.defaults(dir).toBuilder()
                .apiHost("127.0.0.1")
                .apiPort(0)
                .access(access)
                .timeouts(timeouts)
                .build());
    vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get();
  }

  void start(Vertx vertx) throws Exception {
    start(
        vertx,
        new ReadAccessConfig(
            ReadAccessConfig.Mode.AUTHENTICATED,
            TOKEN,
            JwtConfig.builder().hs256Secret(SECRET).leeway(Duration.ofSeconds(5)).build(),
            List.of(CONSOLE)),
        HttpTimeouts.defaults());
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String jwt(JsonArray read) {
    JsonObject claims =
        new JsonObject().put("sub", "map-32").put("exp", System.currentTimeMillis() / 1000 + 300);
    return JwtSigner.hs256(read == null ? claims : claims.put("read", read), SECRET);
  }

  @Test
  @DisplayName(
      "an anonymous read gets 401 with a JSON error saying how to authenticate; health needs nothing")
  void anonymous(Vertx vertx) throws Exception {
    start(vertx);
    for (String path :
        List.of(
            "/api/devices",
            "/api/devices/32/positions",
            "/api/devices/32/positions.geojson",
            "/api/conflicts")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      JsonObject error = new JsonObject(response.body());
      assertThat(error.getString("error")).isEqualTo("unauthorized");
      assertThat(error.getString("message"))
          .contains("Authorization: Bearer")
          .contains("BEACON_INGESTOR_READ_TOKEN");
    }
    assertThat(get("/api/devices", "Authorization", "Bearer wrong-token-xxxxxxxxxx").statusCode())
        .isEqualTo(401);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    assertThat(get("/api/openapi.yaml").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the read token reads every device and the conflicts")
  void readToken(Vertx vertx) throws Exception {
    start(vertx);
    HttpResponse<String> devices = get("/api/devices", "Authorization", "Bearer " + TOKEN);
    assertThat(devices.statusCode()).isEqualTo(200);
    assertThat(
            new JsonArray(devices.body())
                .stream().map(d -> ((JsonObject) d).getString("device_id")))
        .containsExactly("32", "320", "33");
    HttpResponse<String> conflicts =
        get("/api/conflicts?limit=1", "Authorization", "Bearer " + TOKEN);
    JsonObject page = new JsonObject(conflicts.body());
    assertThat(page.getJsonArray("conflicts")).hasSize(1);
    assertThat(page.getString("next_cursor")).isNotNull();
    HttpResponse<String> next =
        get(
            "/api/conflicts?limit=1&cursor=" + page.getString("next_cursor"),
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(new JsonObject(next.body()).getJsonArray("conflicts")).hasSize(1);
  }

  @Test
  @DisplayName(
      "a JWT whose read claim is [\"32\"] sees device 32, not 33: lists filtered, positions 403")
  void scopedJwt(Vertx vertx) throws Exception {
    start(vertx);
    String[] auth = {"Authorization", "Bearer " + jwt(new JsonArray().add("32"))};

    HttpResponse<String> devices = get("/api/devices", auth);
    assertThat(devices.statusCode()).isEqualTo(200);
    assertThat(
            new JsonArray(devices.body())
                .stream().map(d -> ((JsonObject) d).getString("device_id")))
        .containsExactly("32");
    assertThat(get("/api/devices/32/positions", auth).statusCode()).isEqualTo(200);
    HttpResponse<String> other = get("/api/devices/33/positions", auth);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("forbidden_device");
    assertThat(get("/api/devices/33/positions.geojson", auth).statusCode()).isEqualTo(403);
    assertThat(get("/api/devices/ghost/positions", auth).statusCode())
        .as("existence not revealed")
        .isEqualTo(403);
    assertThat(new JsonObject(get("/api/conflicts", auth).body()).getJsonArray("conflicts"))
        .singleElement()
        .satisfies(c -> assertThat(((JsonObject) c).getString("device_id")).isEqualTo("32"));
    assertThat(get("/api/conflicts?device=33", auth).statusCode()).isEqualTo(403);

    HttpResponse<String> noClaim = get("/api/devices", "Authorization", "Bearer " + jwt(null));
    assertThat(noClaim.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(noClaim.body()).getString("error")).isEqualTo("no_read_grant");
    HttpResponse<String> forged =
        get(
            "/api/devices",
            "Authorization",
            "Bearer "
                + JwtSigner.hs256(
                    new JsonObject()
                        .put("sub", "x")
                        .put("exp", 9_999_999_999L)
                        .put("read", new JsonArray().add("*")),
                    "another-secret-of-at-least-32-bytes-long"));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(forged.body()).getString("error")).isEqualTo("invalid_token");
  }

  @Test
  @DisplayName(
      "the console's origin gets the CORS allow header and its preflight; a foreign origin gets neither")
  void cors(Vertx vertx) throws Exception {
    start(vertx);
    HttpResponse<String> console =
        get("/api/devices", "Authorization", "Bearer " + TOKEN, "Origin", CONSOLE);
    assertThat(console.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
    assertThat(console.headers().allValues("Vary")).contains("Origin");
    HttpResponse<String> refused = get("/api/devices", "Origin", CONSOLE);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
        .as("the console can read why")
        .hasValue(CONSOLE);

    HttpResponse<String> foreign =
        get("/api/devices", "Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example");
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(foreign.headers().allValues("Vary")).contains("Origin");

    assertThat(preflight(CONSOLE).statusCode()).isEqualTo(204);
    assertThat(preflight(CONSOLE).headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("Authorization");
    HttpResponse<String> foreignPreflight = preflight("https://evil.example");
    assertThat(foreignPreflight.statusCode()).isEqualTo(403);
    assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /**
   * Sends a header one byte every 100 ms, never finishing it (never idle either); true once the
   * server has closed the connection, false if it has not within {@code within}.
   */
  static boolean trickleUntilClosed(Socket socket, Duration within) throws Exception {
    socket.setSoTimeout(100);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        out.write('a');
        out.flush();
        if (in.read() == -1) {
          return true;
        }
      } catch (java.net.SocketTimeoutException stillOpen) {
        // nothing to read yet: the connection is open, send the next byte
      } catch (java.io.IOException reset) {
        return true;
      }
    }
    return false;
  }

  HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + "/api/devices"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("open mode reads every device without a credential")
  void open(Vertx vertx) throws Exception {
    start(
        vertx,
        ReadAccessConfig.builder().mode(ReadAccessConfig.Mode.OPEN).build(),
        HttpTimeouts.defaults());
    assertThat(new JsonArray(get("/api/devices").body())).hasSize(3);
  }

  @Test
  @DisplayName(
      "a connection that trickles its request headers is closed by the header-read deadline")
  void headerReadDeadline(Vertx vertx) throws Exception {
    start(
        vertx,
        ReadAccessConfig.builder().readToken(TOKEN).build(),
        new HttpTimeouts(Duration.ofMinutes(10), Duration.ofMillis(500)));
    try (Socket slow = new Socket("127.0.0.1", api.actualPort())) {
      assertThat(trickleUntilClosed(slow, Duration.ofSeconds(60)))
          .as("connection closed by the server")
          .isTrue();
    }
    try (Socket healthy = new Socket("127.0.0.1", api.actualPort())) {
      healthy.setSoTimeout(30_000);
      healthy
          .getOutputStream()
          .write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer =
          new String(healthy.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 200");
    }
  }
}
