package dev.beacon.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The requests and messages of bench gps' HTTP and MQTT paths carry the same fix as the CSV. */
class TrackerFixMessagesTest {

  private static final long NOW = 1_700_000_000_000L;

  private final FixLineSource lines =
      new FixLineSource(
          new GpsLoadConfig(
              URI.create("ws://localhost:1/ws"),
              1,
              1,
              1_000,
              Duration.ofMinutes(1),
              3,
              null,
              null,
              "dev-"),
          NOW);

  @Test
  @DisplayName("an OsmAnd request carries the CSV line's id, position and millisecond timestamp")
  void osmAndRequestMatchesTheCsvLine() {
    OsmAndRequest requests = new OsmAndRequest(lines, URI.create("http://localhost:5055"), null);
    for (long n : new long[] {0, 4, 999}) {
      String[] csv = lines.line(n).split(",");
      assertThat(requests.uri(n))
          .isEqualTo(
              "/?id=" + csv[0] + "&lat=" + csv[2] + "&lon=" + csv[3] + "&timestamp=" + csv[1]);
    }
  }

  @Test
  @DisplayName("an OsmAnd request keeps the target's path and adds the key, URL-encoded")
  void osmAndRequestAddsTheKey() {
    OsmAndRequest requests =
        new OsmAndRequest(lines, URI.create("http://localhost:5055/osmand"), "bk_a+b/c");
    assertThat(requests.uri(1)).startsWith("/osmand?id=dev-2&").endsWith("&key=bk_a%2Bb%2Fc");
  }

  @Test
  @DisplayName(
      "an MQTT fix goes to beacon/gps/<device> with the CSV line's ts, lat and lon as JSON")
  void mqttMessageMatchesTheCsvLine() {
    MqttFixMessage messages = new MqttFixMessage(lines);
    String[] csv = lines.line(5).split(",");
    assertThat(messages.topic(5)).isEqualTo("beacon/gps/" + csv[0]).isEqualTo("beacon/gps/dev-3");
    assertThat(messages.payload(5).toJsonObject().getMap())
        .containsEntry("ts", Long.parseLong(csv[1]))
        .containsEntry("lat", Double.parseDouble(csv[2]))
        .containsEntry("lon", Double.parseDouble(csv[3]))
        .hasSize(3);
  }

  @Test
  @DisplayName("each path takes only its own kind of address, and http keeps one request in flight")
  void pathsCheckTheirTargets() {
    assertThat(GpsLoadPath.parse(" MQTT ")).isEqualTo(GpsLoadPath.MQTT);
    assertThatThrownBy(() -> GpsLoadPath.parse("tcp")).hasMessageContaining("ws, http or mqtt");
    assertThatThrownBy(() -> config(GpsLoadPath.HTTP, "ws://localhost:1/ws"))
        .hasMessageContaining("http target must start with http://");
    assertThatThrownBy(() -> config(GpsLoadPath.MQTT, "http://localhost:5055/"))
        .hasMessageContaining("mqtt target must start with mqtt://");
    assertThat(config(GpsLoadPath.HTTP, "http://localhost:5055/").effectiveWindow()).isEqualTo(1);
    assertThat(config(GpsLoadPath.MQTT, "mqtt://localhost:1883").effectiveWindow()).isEqualTo(8);
    assertThat(config(GpsLoadPath.MQTT, "mqtt://localhost:1883").key()).isNull();
  }

  private static GpsLoadConfig config(GpsLoadPath path, String url) {
    return new GpsLoadConfig(
        URI.create(url), 2, 8, 100, Duration.ofSeconds(5), 3, null, null, "d-", path, " ");
  }
}
