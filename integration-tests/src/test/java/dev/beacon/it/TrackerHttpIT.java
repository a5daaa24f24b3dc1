package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.TrackerStack;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker HTTP port on a real pipeline (broker, ingestor, SQLite): OsmAnd's query and form,
 * Traccar Client 9's JSON and OwnTracks' HTTP mode, each answered 200 only once Kafka holds the
 * fix, 400 with the reason for a bad fix, 401/403 for identity, 503 while Kafka is down; a repeat
 * adds no row. Each test uses device ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerHttpIT {

  private static final Duration WAIT = TrackerStack.WAIT;

  @TempDir static Path dir;
  private TrackerStack stack;
  private String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start() {
    stack = new TrackerStack(dir, TrackerStack.bothOnFreePorts());
    key = stack.key("osm-*", "tc9-1", "ana.phone", "curl-1", "outage-1");
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @DisplayName(
      "an OsmAnd GET is stored with its details (speed from knots), and its repeat adds no row")
  void osmAndGet() {
    String query =
        "/?id=osm-1&timestamp=1681593747&lat=44.8159745&lon=20.4601243&speed=10&bearing=90.5"
            + "&altitude=120&accuracy=8&batt=76&hdop=0.9&charge=true&key="
            + key;
    assertThat(get(query).statusCode()).isEqualTo(200);
    stack.awaitRows("the OsmAnd fix in gps.db", "device_id = 'osm-1'", 1);
    JsonObject record = stack.storedRow("osm-1");
    assertThat(record.getLong("ts")).isEqualTo(1_681_593_747_000L);
    assertThat(record.getDouble("speed")).isCloseTo(10 * 1852.0 / 3600.0, within(1e-9));
    assertThat(record.getDouble("course")).isEqualTo(90.5);
    assertThat(record.getDouble("altitude")).isEqualTo(120.0);
    assertThat(record.getDouble("accuracy")).isEqualTo(8.0);
    assertThat(record.getDouble("battery")).isEqualTo(76.0);
    assertThat(record.getJsonObject("attributes").getMap())
        .containsEntry("hdop", 0.9)
        .containsEntry("charge", true)
        .doesNotContainKey("key");

    assertThat(get(query).statusCode()).as("the tracker's retry").isEqualTo(200);
    Await.until("the retry in beacon.gps", WAIT, () -> stack.records("osm-1").size() == 2);
    stack.awaitRows("rows of osm-1 after the retry was ingested", "device_id = 'osm-1'", 1);
  }

  @Test
  @DisplayName("an OsmAnd POST form with an ISO 8601 time and a Bearer key is stored")
  void osmAndForm() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + key)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "deviceid=osm-2&timestamp=2023-04-15T21:22:27Z&lat=-33.8688&lon=151.2093")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    stack.awaitRows(
        "the form's fix in gps.db", "device_id = 'osm-2' AND device_ts = 1681593747000", 1);
  }

  @Test
  @DisplayName("Traccar Client 9's JSON body is stored with speed in m/s and battery in percent")
  void traccarClientJson() {
    JsonObject body =
        new JsonObject()
            .put("device_id", "tc9-1")
            .put(
                "location",
                new JsonObject()
                    .put("timestamp", "2023-04-15T21:22:27.500Z")
                    .put(
                        "coords",
                        new JsonObject()
                            .put("latitude", 51.5)
                            .put("longitude", -0.12)
                            .put("speed", 3.4)
                            .put("heading", 270)
                            .put("altitude", 35)
                            .put("accuracy", 5))
                    .put("is_moving", true)
                    .put("event", "motionchange")
                    .put("battery", new JsonObject().put("level", 0.76).put("is_charging", false)));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/?key=" + key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    stack.awaitRows(
        "the Traccar Client fix", "device_id = 'tc9-1' AND device_ts = 1681593747500", 1);
    JsonObject record = stack.storedRow("tc9-1");
    assertThat(record.getDouble("speed")).isEqualTo(3.4);
    assertThat(record.getDouble("course")).isEqualTo(270.0);
    assertThat(record.getDouble("battery")).isCloseTo(76.0, within(1e-9));
    assertThat(record.getJsonObject("attributes").getMap())
        .containsEntry("is_moving", true)
        .containsEntry("event", "motionchange")
        .containsEntry("charging", false);
  }

  @Test
  @DisplayName("OwnTracks HTTP: a location is answered [] once stored; a transition [] and ignored")
  void ownTracksHttp() {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString(("ana:" + key).getBytes(StandardCharsets.UTF_8));
    JsonObject location =
        new JsonObject()
            .put("_type", "location")
            .put("tst", 1_681_593_800)
            .put("lat", 44.80)
            .put("lon", 20.47)
            .put("tid", "ph")
            .put("vel", 36)
            .put("cog", 180)
            .put("batt", 55)
            .put("conn", "w");
    HttpResponse<String> response = ownTracks(basic, location);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[]");
    stack.awaitRows("the OwnTracks fix", "device_id = 'ana.phone'", 1);
    JsonObject record = stack.storedRow("ana.phone");
    assertThat(record.getDouble("speed")).isCloseTo(10.0, within(1e-9));
    assertThat(record.getDouble("battery")).isEqualTo(55.0);
    assertThat(record.getJsonObject("attributes").getMap())
        .containsEntry("tid", "ph")
        .containsEntry("conn", "w");

    HttpResponse<String> transition =
        ownTracks(
            basic,
            new JsonObject()
                .put("_type", "transition")
                .put("event", "enter")
                .put("tst", 1_681_593_900));
    assertThat(transition.statusCode()).isEqualTo(200);
    assertThat(transition.body()).isEqualTo("[]");
    assertThat(stack.count("device_id = 'ana.phone'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a bad fix gets 400 with its reason and writes nothing; an oversized body 413")
  void badFixes() {
    assertThat(get("/?id=osm-bad&timestamp=1681593747&lat=95&lon=20&key=" + key))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).startsWith("lat_out_of_range: latitude 95.0"));
    assertThat(get("/?id=osm-bad&lat=45&lon=20&key=" + key).body()).startsWith("bad_timestamp:");
    assertThat(get("/?id=osm-bad&timestamp=1681593747&lat=abc&lon=20&key=" + key).body())
        .startsWith("bad_number:");
    assertThat(get("/?timestamp=1681593747&lat=45&lon=20&key=" + key).body())
        .startsWith("bad_device_id:");
    HttpResponse<String> notJson =
        send(
            HttpRequest.newBuilder(uri("/?key=" + key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("invalid_json:");
    HttpResponse<String> noPosition =
        ownTracks(
            "Bearer " + key, new JsonObject().put("_type", "location").put("tst", 1_681_593_747));
    assertThat(noPosition.statusCode()).isEqualTo(400);
    assertThat(noPosition.body()).startsWith("bad_format:");
    HttpResponse<String> huge =
        send(
            HttpRequest.newBuilder(uri("/?key=" + key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("x=" + "9".repeat(20_000))));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(stack.count("device_id = 'osm-bad'")).isZero();
  }

  @Test
  @DisplayName(
      "identity: a wrong key and no key get 401, another device's key 403, a JWT its devices")
  void identity() {
    String fix = "/?id=osm-id&timestamp=1681593747&lat=1.5&lon=1.5";
    HttpResponse<String> wrongKey =
        get(fix + "&key=bk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(wrongKey.body()).startsWith("invalid_key:");
    HttpResponse<String> none = get(fix);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).startsWith("device_not_permitted:");
    HttpResponse<String> foreign =
        get("/?id=other-1&timestamp=1681593747&lat=1.5&lon=1.5&key=" + key);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).startsWith("device_not_permitted:");
    HttpResponse<String> badToken = get(fix + "&token=not.a.jwt");
    assertThat(badToken.statusCode()).isEqualTo(401);
    assertThat(badToken.body()).startsWith("invalid_token:");

    String token = TrackerStack.token("fleet", "jwt-*");
    assertThat(
            send(HttpRequest.newBuilder(uri("/?id=jwt-1&timestamp=1681593747&lat=2.5&lon=2.5"))
                    .header("Authorization", "Bearer " + token)
                    .GET())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(HttpRequest.newBuilder(uri(fix)).header("Authorization", "Bearer " + token).GET())
                .statusCode())
        .isEqualTo(403);
    stack.awaitRows("the JWT's fix", "device_id = 'jwt-1'", 1);
    assertThat(stack.count("lat = 1.5")).as("rows of refused fixes").isZero();
  }

  @Test
  @DisplayName("curl's OsmAnd POST, as the README shows it, is answered 200 and stored")
  void curl() throws Exception {
    assertThat(Executables.onPath("curl"))
        .as("curl is required for this test: apt-get install curl (.ci/run installs it)")
        .isTrue();
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                "POST",
                "http://127.0.0.1:"
                    + stack.httpPort()
                    + "/?id=curl-1&lat=44.8159&lon=20.4601&timestamp=1681593747&speed=10&batt=80&key="
                    + key)
            .redirectErrorStream(true)
            .start();
    assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("200");
    stack.awaitRows("curl's fix", "device_id = 'curl-1'", 1);
  }

  @Test
  @DisplayName("while the broker is down a tracker gets 503 and never 200, and 200 once it is back")
  void brokerOutage() {
    assertThat(get(outageFix(0)).statusCode()).isEqualTo(200);
    stack.stopBroker();
    HttpResponse<String> down = get(outageFix(1));
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).startsWith("kafka_unavailable:");
    stack.startBroker();
    long deadline = System.nanoTime() + WAIT.toNanos();
    int acked = -1;
    for (int i = 2; acked < 0 && System.nanoTime() < deadline; i++) {
      HttpResponse<String> answer = get(outageFix(i));
      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
      if (answer.statusCode() == 200) {
        acked = i;
      }
    }
    assertThat(acked).as("a 200 after the broker came back").isPositive();
    stack.awaitRows(
        "the fix answered 200 after the outage",
        "device_id = 'outage-1' AND device_ts = " + (1_681_593_747_000L + acked * 1000L),
        1);
  }

  private String outageFix(int i) {
    return "/?id=outage-1&timestamp=" + (1_681_593_747 + i) + "&lat=3&lon=3&key=" + key;
  }

  private HttpResponse<String> ownTracks(String authorization, JsonObject message) {
    return send(
        HttpRequest.newBuilder(uri("/owntracks"))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .header("X-Limit-U", "ana")
            .header("X-Limit-D", "phone")
            .POST(HttpRequest.BodyPublishers.ofString(message.encode())));
  }

  private HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + stack.httpPort() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
