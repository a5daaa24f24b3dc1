package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.GpsDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon local} as a newcomer runs it: it serves the tracker HTTP port and MQTT, prints each
 * address with a command that sends a fix, and a fix sent to each printed address is stored.
 */
class LocalTrackersE2EIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Pattern HTTP_LINE =
      Pattern.compile("OsmAnd/Traccar HTTP +http://localhost:(\\d+)/ +\\(try: curl ");
  private static final Pattern MQTT_LINE =
      Pattern.compile("MQTT +mqtt://localhost:(\\d+) +\\(try: mosquitto_pub ");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "beacon local prints both tracker listeners with an example, and a fix sent to each is stored")
  void localServesTrackers() throws Exception {
    int port = FreePorts.next();
    Map<String, String> env =
        Map.of(
            "BEACON_DATA_DIR", dir.resolve("data").toString(),
            "BEACON_GATEWAY_PORT", String.valueOf(port),
            "BEACON_INGESTOR_PORT", String.valueOf(FreePorts.next()),
            "BEACON_KAFKA_PORT", String.valueOf(FreePorts.next()),
            "BEACON_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.next()));
    Path db = dir.resolve("data").resolve("gps.db");
    try (BeaconProcess local = BeaconProcess.start(dir.resolve("local.log"), env, "local")) {
      local.awaitHttpOk("http://127.0.0.1:" + port + "/ready", WAIT);
      Await.until(
          "beacon local to print its tracker listeners",
          WAIT,
          () ->
              HTTP_LINE.matcher(local.output()).find() && MQTT_LINE.matcher(local.output()).find());
      int httpPort = printedPort(HTTP_LINE, local.output());
      int mqttPort = printedPort(MQTT_LINE, local.output());

      HttpResponse<String> osmAnd =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + httpPort
                                  + "/?id=local-osm&lat=44.8159&lon=20.4601&timestamp=1681593747&speed=10&batt=80"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(osmAnd.statusCode()).as(osmAnd.body()).isEqualTo(200);

      assertThat(Executables.onPath("mosquitto_pub"))
          .as("mosquitto_pub is required: apt-get install mosquitto-clients (.ci/run installs it)")
          .isTrue();
      Process pub =
          new ProcessBuilder(
                  "mosquitto_pub",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(mqttPort),
                  "-q",
                  "1",
                  "-t",
                  "owntracks/local/phone",
                  "-m",
                  "{\"_type\":\"location\",\"tst\":1681593747,\"lat\":41.9,\"lon\":12.5}")
              .redirectErrorStream(true)
              .start();
      assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).as("mosquitto_pub's exit code (0 once PUBACK came)").isZero();

      Await.equal(
          "the two tracker fixes in gps.db",
          WAIT,
          2L,
          () ->
              GpsDb.queryLong(
                  db,
                  "SELECT COUNT(*) FROM gps_fix WHERE device_id IN ('local-osm', 'local.phone')"));
      assertThat(local.terminate()).as("exit code after SIGTERM").isIn(0, 143);
    }
  }

  private static int printedPort(Pattern line, String output) {
    Matcher m = line.matcher(output);
    assertThat(m.find()).as("a line matching " + line + " in:\n" + output).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
