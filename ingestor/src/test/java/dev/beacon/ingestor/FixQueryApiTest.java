package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The read API on a real HTTP server (free port) over a real SQLite file. */
@ExtendWith(VertxExtension.class)
class FixQueryApiTest {

  static final long T0 = 1_700_000_000_000L;
  static final String TOKEN = "read-token-of-this-test";

  @TempDir Path dir;
  SqliteFixStore store;
  IngestorStats stats = new IngestorStats();
  AtomicBoolean consuming = new AtomicBoolean(true);
  FixQueryApi api;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    store.insert(
        List.of(
            new GpsFix("truck-1", T0, 44.80, 20.40, T0 + 5, "gw-1"),
            new GpsFix("truck-1", T0 + 2_000, 44.82, 20.42, T0 + 2_005, "gw-1"),
            new GpsFix("truck-1", T0 + 1_000, 44.81, 20.41, T0 + 1_005, "gw-2"),
            new GpsFix("bike.7", T0, 45.25, 19.85, T0 + 9, "gw-1")));
    api =
        new FixQueryApi(
            store,
            stats,
            consuming::get,
            IngestorConfig.defaults(dir).toBuilder()
                .apiHost("127.0.0.1")
                .apiPort(0)
                .access(ReadAccessConfig.builder().readToken(TOKEN).build())
                .build());
    vertx.deployVerticle(api).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("GET /api/devices lists each device with its fix count and latest fix")
  void devices() throws Exception {
    HttpResponse<String> response = get("/api/devices");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue(FixQueryApi.JSON);
    JsonArray devices = new JsonArray(response.body());
    assertThat(devices).hasSize(2);
    assertThat(devices.getJsonObject(1))
        .isEqualTo(
            new JsonObject()
                .put("device_id", "truck-1")
                .put("fixes", 3)
                .put(
                    "latest",
                    new JsonObject()
                        .put("ts", T0 + 2_000)
                        .put("lat", 44.82)
                        .put("lon", 20.42)
                        .put("received_at", T0 + 2_005)));
  }

  @Test
  @DisplayName(
      "positions come oldest first within from/to, given as epoch ms or ISO-8601, cut at limit")
  void positions() throws Exception {
    JsonObject all = new JsonObject(get("/api/devices/truck-1/positions").body());
    assertThat(all.getString("device_id")).isEqualTo("truck-1");
    assertThat(all.getInteger("count")).isEqualTo(3);
    assertThat(all.getJsonArray("positions").getJsonObject(0))
        .isEqualTo(new JsonObject().put("ts", T0).put("lat", 44.80).put("lon", 20.40));

    JsonObject range =
        new JsonObject(
            get("/api/devices/truck-1/positions?from="
                    + (T0 + 1_000)
                    + "&to="
                    + java.time.Instant.ofEpochMilli(T0 + 2_000))
                .body());
    assertThat(range.getJsonArray("positions"))
        .extracting(p -> ((JsonObject) p).getLong("ts"))
        .containsExactly(T0 + 1_000, T0 + 2_000);

    JsonObject limited = new JsonObject(get("/api/devices/truck-1/positions?limit=1").body());
    assertThat(limited.getInteger("count")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "positions.geojson is a FeatureCollection: one LineString track and one Point per fix, [lon, lat]")
  void geoJson() throws Exception {
    HttpResponse<String> response = get("/api/devices/truck-1/positions.geojson");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/geo+json");
    JsonObject collection = new JsonObject(response.body());
    assertThat(collection.getString("type")).isEqualTo("FeatureCollection");
    JsonArray features = collection.getJsonArray("features");
    assertThat(features).hasSize(4);
    JsonObject track = features.getJsonObject(0);
    assertThat(track.getString("type")).isEqualTo("Feature");
    assertThat(track.getJsonObject("geometry").getString("type")).isEqualTo("LineString");
    assertThat(track.getJsonObject("geometry").getJsonArray("coordinates"))
        .containsExactly(
            new JsonArray().add(20.40).add(44.80),
            new JsonArray().add(20.41).add(44.81),
            new JsonArray().add(20.42).add(44.82));
    JsonObject point = features.getJsonObject(1);
    assertThat(point.getJsonObject("geometry"))
        .isEqualTo(
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(20.40).add(44.80)));
    assertThat(point.getJsonObject("properties").getLong("ts")).isEqualTo(T0);
  }

  @Test
  @DisplayName("a track of one fix has no LineString, only its Point")
  void geoJsonSinglePoint() throws Exception {
    JsonArray features =
        new JsonObject(get("/api/devices/bike.7/positions.geojson").body())
            .getJsonArray("features");

    assertThat(features).hasSize(1);
    assertThat(features.getJsonObject(0).getJsonObject("geometry").getString("type"))
        .isEqualTo("Point");
  }

  @Test
  @DisplayName("unusable parameters answer 400 with a JSON error that names the parameter")
  void badParameters() throws Exception {
    assertBadRequest("/api/devices/truck-1/positions?from=yesterday", "'from'");
    assertBadRequest("/api/devices/truck-1/positions?to=2024-13-01T00:00:00Z", "'to'");
    assertBadRequest("/api/devices/truck-1/positions?limit=0", "'limit'");
    assertBadRequest("/api/devices/truck-1/positions.geojson?limit=100001", "'limit'");
    assertBadRequest("/api/devices/truck-1/positions?limit=many", "'limit'");
    assertBadRequest("/api/devices/truck-1/positions?from=2000&to=1000", "after 'to'");
  }

  void assertBadRequest(String path, String mentions) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    JsonObject error = new JsonObject(response.body());
    assertThat(error.getString("error")).as(path).isEqualTo("bad_request");
    assertThat(error.getString("message")).as(path).contains(mentions);
  }

  @Test
  @DisplayName("an unknown device answers 404 with a JSON error, for JSON and GeoJSON")
  void unknownDevice() throws Exception {
    for (String path :
        List.of("/api/devices/ghost/positions", "/api/devices/ghost/positions.geojson")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("unknown_device");
      assertThat(new JsonObject(response.body()).getString("message")).contains("ghost");
    }
  }

  @Test
  @DisplayName("an unknown route answers 404 in the same error shape as the admin API")
  void unknownRoute() throws Exception {
    HttpResponse<String> response = get("/api/nothing-here");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonObject error = new JsonObject(response.body());
    assertThat(error.getString("error")).isEqualTo("not_found");
    assertThat(error.getString("message")).contains("/api/nothing-here");
  }

  @Test
  @DisplayName("a known device with nothing in the range answers an empty list, not 404")
  void emptyRange() throws Exception {
    HttpResponse<String> response = get("/api/devices/truck-1/positions?from=0&to=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getInteger("count")).isZero();
  }

  @Test
  @DisplayName("GET /api/stats reports the counters and the stored row count")
  void statsIncludeRows() throws Exception {
    stats.malformedRecord();

    JsonObject body = new JsonObject(get("/api/stats").body());

    assertThat(body.getLong("rows")).isEqualTo(4);
    assertThat(body.getLong("malformed_records")).isEqualTo(1);
  }

  @Test
  @DisplayName("GET /health is UP while consuming and 503 DOWN once the consumer died")
  void health() throws Exception {
    HttpResponse<String> up = get("/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(up.body())).isEqualTo(new JsonObject().put("status", "UP"));

    consuming.set(false);
    HttpResponse<String> down = get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");
  }
}
