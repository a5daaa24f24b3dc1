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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cursor paging of the read API, on a real HTTP server over a real SQLite file. */
@ExtendWith(VertxExtension.class)
class FixQueryApiPagingTest {

  static final long T0 = 1_700_000_000_000L;
  static final int MAX_PAGE = 500;
  static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

  @TempDir Path dir;
  static final String CONSOLE = "http://localhost:8080";
  SqliteFixStore store;
  FixQueryApi api;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    api =
        new FixQueryApi(
            store,
            new IngestorStats(),
            () -> true,
            IngestorConfig.defaults(dir).toBuilder()
                .apiHost("127.0.0.1")
                .apiPort(0)
                .maxPageSize(MAX_PAGE)
                .access(
                    ReadAccessConfig.builder()
                        .readToken(FixQueryApiTest.TOKEN)
                        .build()
                        .allowingOrigins(List.of(CONSOLE)))
                .build());
    vertx.deployVerticle(api).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + pathAndQuery))
            .header("Authorization", "Bearer " + FixQueryApiTest.TOKEN)
            .header("Origin", CONSOLE)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static Optional<String> nextLink(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Link")
        .map(
            link -> {
              Matcher m = NEXT.matcher(link);
              assertThat(m.matches()).as("Link header %s", link).isTrue();
              return m.group(1);
            });
  }

  @Test
  @DisplayName(
      "positions page by cursor with no fix missed or repeated while fixes keep arriving before and after")
  void positionsUnderConcurrentInserts() throws Exception {
    List<GpsFix> first = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      first.add(new GpsFix("truck-1", T0 + i * 10L, 44.8, 20.4, T0, "gw"));
    }
    store.insert(first);
    List<Long> seen = new ArrayList<>();
    String url = "/api/devices/truck-1/positions?limit=70&to=" + (T0 + 20_000);
    int pages = 0;
    while (url != null) {
      HttpResponse<String> response = get(url);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(response.body());
      body.getJsonArray("positions").forEach(p -> seen.add(((JsonObject) p).getLong("ts")));
      // Between pages: a fix behind the cursor (not part of this paging), and one ahead of it (will
      // be seen).
      store.insert(
          List.of(
              new GpsFix("truck-1", T0 + pages * 10L + 5, 1, 1, T0, "gw"),
              new GpsFix("truck-1", T0 + 15_000 + pages, 1, 1, T0, "gw")));
      String next = body.getString("next_cursor");
      Optional<String> link = nextLink(response);
      assertThat(link.isPresent()).isEqualTo(next != null);
      link.ifPresent(l -> assertThat(l).contains("to=" + (T0 + 20_000)).contains("limit=70"));
      url = link.orElse(null);
      pages++;
    }
    assertThat(seen).doesNotHaveDuplicates().isSorted();
    assertThat(seen).containsAll(first.stream().map(GpsFix::deviceTs).toList());
    assertThat(seen).contains(T0 + 15_000, T0 + 15_001);
    assertThat(pages).isGreaterThan(1_000 / 70);
  }

  @Test
  @DisplayName("the last page has next_cursor null and no Link, also when it is exactly full")
  void lastPage() throws Exception {
    store.insert(
        List.of(new GpsFix("a", T0, 1, 1, T0, "gw"), new GpsFix("a", T0 + 1, 1, 1, T0, "gw")));
    HttpResponse<String> full = get("/api/devices/a/positions?limit=2");
    assertThat(new JsonObject(full.body()).getValue("next_cursor")).isNull();
    assertThat(new JsonObject(full.body()).containsKey("next_cursor")).isTrue();
    assertThat(full.headers().firstValue("Link")).isEmpty();

    HttpResponse<String> geo = get("/api/devices/a/positions.geojson?limit=1");
    assertThat(geo.headers().firstValue("Access-Control-Expose-Headers"))
        .as("readable by the console's origin")
        .hasValue("Link");
    JsonObject collection = new JsonObject(geo.body());
    assertThat(collection.getString("next_cursor")).isNotNull();
    HttpResponse<String> geoNext = get(nextLink(geo).orElseThrow());
    assertThat(new JsonObject(geoNext.body()).getJsonArray("features")).hasSize(1);
    assertThat(new JsonObject(geoNext.body()).getValue("next_cursor")).isNull();
  }

  @Test
  @DisplayName(
      "/api/devices stays an array and pages by the Link header, every device once, in id order")
  void devices() throws Exception {
    List<GpsFix> fixes = new ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      fixes.add(new GpsFix(String.format("dev-%05d", i), T0, 1, 1, T0, "gw"));
    }
    store.insert(fixes);
    List<String> seen = new ArrayList<>();
    HttpResponse<String> firstPage = get("/api/devices");
    assertThat(new JsonArray(firstPage.body()))
        .as("default page capped by the maximum")
        .hasSize(MAX_PAGE);
    String url = "/api/devices?limit=100";
    while (url != null) {
      HttpResponse<String> response = get(url);
      new JsonArray(response.body())
          .forEach(d -> seen.add(((JsonObject) d).getString("device_id")));
      url = nextLink(response).orElse(null);
    }
    assertThat(seen).doesNotHaveDuplicates().isSorted().hasSize(1_234);
  }

  @Test
  @DisplayName(
      "a malformed or foreign cursor and a limit above the maximum answer 400 in the one error shape")
  void refusals() throws Exception {
    store.insert(List.of(new GpsFix("a", T0, 1, 1, T0, "gw"), new GpsFix("b", T0, 1, 1, T0, "gw")));
    String ofA = PageCursor.afterPosition("a", T0).encode();

    assertError(get("/api/devices?cursor=garbage"), "bad_cursor", "unchanged");
    assertError(get("/api/devices/b/positions?cursor=" + ofA), "bad_cursor", "device 'a'");
    assertError(get("/api/devices?cursor=" + ofA), "bad_cursor", "another list");
    assertError(
        get("/api/devices?limit=" + (MAX_PAGE + 1)), "bad_request", "from 1 to " + MAX_PAGE);
    assertError(
        get("/api/devices/a/positions.geojson?limit=" + (MAX_PAGE + 1)), "bad_request", "'limit'");
  }

  void assertError(HttpResponse<String> response, String code, String mentions) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith(FixQueryApi.JSON));
    JsonObject error = new JsonObject(response.body());
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("message")).contains(mentions);
  }

  @Test
  @DisplayName("GET /api/openapi.yaml serves the document as YAML, and its schemas next to it")
  void document() throws Exception {
    HttpResponse<String> doc = get("/api/openapi.yaml");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("content-type")).hasValue(ApiDocument.YAML);
    assertThat(doc.body()).startsWith("openapi: 3.1.0");
    HttpResponse<String> defs = get("/api/schema/defs.schema.json");
    assertThat(defs.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(defs.body()).getJsonObject("$defs").containsKey("name")).isTrue();
    assertThat(get("/api/schema/nothing.schema.json").statusCode()).isEqualTo(404);
  }
}
