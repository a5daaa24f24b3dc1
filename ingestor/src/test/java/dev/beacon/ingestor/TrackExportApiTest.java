package dev.beacon.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Track exports (GPX, CSV, GeoJSON) and the summary, on a real HTTP server over real SQLite. */
@ExtendWith(VertxExtension.class)
class TrackExportApiTest {

  static final long T0 = 1_700_000_000_000L;
  static final String TOKEN = "read-token-of-this-test";

  @TempDir Path dir;
  SqliteFixStore store;
  FixQueryApi api;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final FixDetails DETAILS =
      FixDetails.builder()
          .speed(12.5)
          .course(270.0)
          .altitude(118.25)
          .accuracy(4.5)
          .battery(87.0)
          .attribute("motion", true)
          .attribute("note", "say \"hi\", ok")
          .build();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    store = SqliteFixStore.open(dir.resolve("gps.db"));
    store.insert(
        List.of(
            // 0.01 degrees of latitude apart: 1,111.95 m on the mean sphere.
            new GpsFix("truck-1", T0, 44.80, 20.40, T0 + 5, "gw-1", DETAILS),
            new GpsFix("truck-1", T0 + 1_000, 44.81, 20.40, T0 + 1_005, "gw-1"),
            new GpsFix("truck-1", T0 + 2_000, 44.82, 20.40, T0 + 2_005, "gw-1"),
            new GpsFix("antimeridian", T0, 0.00001, 180.0, T0, "gw-1")));
    api =
        new FixQueryApi(
            store,
            new IngestorStats(),
            () -> true,
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

  HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path))
        .header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(60))
        .GET()
        .build();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  static void validGpx(String gpx) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory
        .newSchema(TrackExportApiTest.class.getResource("/gpx-1.1-subset.xsd"))
        .newValidator()
        .validate(new StreamSource(new StringReader(gpx)));
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  @Test
  @DisplayName(
      "GPX 1.1, valid against the schema, one point per fix with time, elevation and details")
  void gpx() throws Exception {
    HttpResponse<String> response = get("/api/devices/truck-1/track.gpx");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/gpx+xml");
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    validGpx(response.body());
    NodeList points =
        parse(response.body()).getElementsByTagNameNS("http://www.topografix.com/GPX/1/1", "trkpt");
    assertThat(points.getLength()).isEqualTo(3);
    Element first = (Element) points.item(0);
    assertThat(first.getAttribute("lat")).isEqualTo("44.8");
    assertThat(first.getElementsByTagNameNS("*", "ele").item(0).getTextContent())
        .isEqualTo("118.25");
    assertThat(first.getElementsByTagNameNS("*", "time").item(0).getTextContent())
        .isEqualTo("2023-11-14T22:13:20Z");
    assertThat(
            first
                .getElementsByTagNameNS(TrackFormat.GPX_EXTENSIONS, "battery")
                .item(0)
                .getTextContent())
        .isEqualTo("87");
    assertThat(((Element) points.item(1)).getElementsByTagNameNS("*", "extensions").getLength())
        .isZero();
  }

  @Test
  @DisplayName(
      "GPX writes decimals without exponent and the antimeridian as -180, as the schema needs")
  void gpxEdges() throws Exception {
    HttpResponse<String> response = get("/api/devices/antimeridian/track.gpx");

    validGpx(response.body());
    assertThat(response.body()).contains("<trkpt lat=\"0.00001\" lon=\"-180\">");
  }

  @Test
  @DisplayName("an empty range is still a valid GPX document")
  void gpxEmpty() throws Exception {
    HttpResponse<String> response = get("/api/devices/truck-1/track.gpx?from=" + (T0 + 5_000));

    assertThat(response.statusCode()).isEqualTo(200);
    validGpx(response.body());
  }

  @Test
  @DisplayName("CSV: a header, one line per fix, empty fields for unreported details")
  void csv() throws Exception {
    HttpResponse<String> response =
        get("/api/devices/truck-1/track.csv?from=" + T0 + "&to=" + (T0 + 1_000));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
    assertThat(response.body())
        .isEqualTo(
            "device_id,ts,time,lat,lon,speed,course,altitude,accuracy,battery,attributes\r\n"
                + "truck-1,1700000000000,2023-11-14T22:13:20Z,44.8,20.4,12.5,270.0,118.25,4.5,87.0,"
                + "\"{\"\"motion\"\":true,\"\"note\"\":\"\"say \\\"\"hi\\\"\", ok\"\"}\"\r\n"
                + "truck-1,1700000001000,2023-11-14T22:13:21Z,44.81,20.4,,,,,,\r\n");
  }

  @Test
  @DisplayName("GeoJSON: the track as a LineString, then a Point per fix with its details")
  void geoJson() throws Exception {
    HttpResponse<String> response = get("/api/devices/truck-1/track.geojson");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject collection = new JsonObject(response.body());
    JsonArray features = collection.getJsonArray("features");
    assertThat(features).hasSize(4);
    JsonObject line = features.getJsonObject(0);
    assertThat(line.getJsonObject("geometry").getJsonArray("coordinates"))
        .isEqualTo(new JsonArray("[[20.4,44.8],[20.4,44.81],[20.4,44.82]]"));
    assertThat(line.getJsonObject("properties").getLong("to")).isEqualTo(T0 + 2_000);
    JsonObject point = features.getJsonObject(1).getJsonObject("properties");
    assertThat(point.getDouble("speed")).isEqualTo(12.5);
    assertThat(point.getJsonObject("attributes").getBoolean("motion")).isTrue();

    JsonArray single =
        new JsonObject(get("/api/devices/antimeridian/track.geojson").body())
            .getJsonArray("features");
    assertThat(single).hasSize(1);
    assertThat(single.getJsonObject(0).getJsonObject("geometry").getString("type"))
        .isEqualTo("Point");
  }

  @Test
  @DisplayName("the summary: first and last seen, fix count and haversine distance in stored order")
  void summary() throws Exception {
    JsonObject summary = new JsonObject(get("/api/devices/truck-1/summary").body());

    assertThat(summary.getLong("fixes")).isEqualTo(3);
    assertThat(summary.getLong("first_seen")).isEqualTo(T0);
    assertThat(summary.getLong("last_seen")).isEqualTo(T0 + 2_000);
    assertThat(summary.getDouble("distance_m")).isCloseTo(2_223.9, within(0.2));
    assertThat(summary.getJsonObject("first").getDouble("battery")).isEqualTo(87.0);

    JsonObject empty = new JsonObject(get("/api/devices/truck-1/summary?to=" + (T0 - 1)).body());
    assertThat(empty.getLong("fixes")).isZero();
    assertThat(empty.getValue("first_seen")).isNull();
  }

  @Test
  @DisplayName(
      "exports answer 404 for an unknown device, 400 for a bad range, 403 outside the grant")
  void errors() throws Exception {
    assertThat(get("/api/devices/nobody/track.gpx").statusCode()).isEqualTo(404);
    assertThat(get("/api/devices/truck-1/track.csv?from=yesterday").statusCode()).isEqualTo(400);
    assertThat(get("/api/devices/nobody/summary").statusCode()).isEqualTo(404);
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + api.actualPort() + "/api/devices/truck-1/track.gpx"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a range of many chunks streams whole, in order, read while it is written")
  void largeRange() throws Exception {
    int count = TrackExport.CHUNK_ROWS * 10 + 7;
    List<GpsFix> fixes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fixes.add(new GpsFix("long-haul", T0 + i * 1_000L, 10 + i * 1e-5, 20, T0, "gw-1"));
    }
    store.insert(fixes);

    HttpResponse<InputStream> response =
        http.send(
            request("/api/devices/long-haul/track.csv"), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    long lines = 0;
    long previous = -1;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        long ts = Long.parseLong(line.split(",")[1]);
        assertThat(ts).isGreaterThan(previous);
        previous = ts;
        lines++;
      }
    }
    assertThat(lines).isEqualTo(count);

    HttpResponse<String> gpx = get("/api/devices/long-haul/track.gpx");
    validGpx(gpx.body());
    assertThat(gpx.body().split("<trkpt ", -1)).hasSize(count + 1);
    JsonObject geo = new JsonObject(get("/api/devices/long-haul/track.geojson").body());
    assertThat(geo.getJsonArray("features")).hasSize(count + 1);
    assertThat(
            geo.getJsonArray("features")
                .getJsonObject(0)
                .getJsonObject("geometry")
                .getJsonArray("coordinates"))
        .hasSize(count);
  }
}
