package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Scrape;
import dev.beacon.it.support.TextClient;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway, the ingestor and the broadcaster as separate processes, logging JSON: after GPS and
 * chat traffic, each one's {@code /metrics} reports its named series with plausible values, and
 * every log line is a JSON object.
 */
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int FIXES = 20;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "gateway, ingestor and broadcaster report their series on /metrics and log JSON lines")
  void servicesReportMetrics() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      Vertx vertx = Vertx.vertx();
      List<BeaconProcess> processes = new ArrayList<>();
      int gatewayPort = FreePorts.next();
      int ingestorPort = FreePorts.next();
      int broadcasterPort = FreePorts.next();
      try {
        Map<String, String> common =
            Map.of("BEACON_KAFKA_BOOTSTRAP", kafka.bootstrap(), "BEACON_LOG_FORMAT", "json");
        BeaconProcess broadcaster =
            start(
                processes,
                "broadcaster",
                common,
                Map.of(
                    "BEACON_BROADCASTER_HTTP_HOST",
                    "127.0.0.1",
                    "BEACON_BROADCASTER_HTTP_PORT",
                    String.valueOf(broadcasterPort)));
        BeaconProcess ingestor =
            start(
                processes,
                "ingestor",
                common,
                Map.of(
                    "BEACON_INGESTOR_HOST",
                    "127.0.0.1",
                    "BEACON_INGESTOR_PORT",
                    String.valueOf(ingestorPort),
                    "BEACON_DATA_DIR",
                    dir.resolve("data").toString(),
                    "BEACON_INGEST_BATCH_DELAY",
                    "20ms"));
        BeaconProcess gateway =
            start(
                processes,
                "gateway",
                common,
                Map.of(
                    "BEACON_GATEWAY_HOST",
                    "127.0.0.1",
                    "BEACON_GATEWAY_PORT",
                    String.valueOf(gatewayPort),
                    "BEACON_GATEWAY_ID",
                    "gw-metrics",
                    "BEACON_GATEWAY_INSTANCES",
                    "1"));
        broadcaster.awaitHttpOk(url(broadcasterPort, "/ready"), WAIT);
        ingestor.awaitHttpOk(url(ingestorPort, "/ready"), WAIT);
        gateway.awaitHttpOk(url(gatewayPort, "/ready"), WAIT);

        try (TextClient device = TextClient.connect(vertx, gatewayPort, "/ws");
            TextClient chat = TextClient.connect(vertx, gatewayPort, "/chat")) {
          for (int i = 0; i < FIXES; i++) {
            assertThat(device.request("metrics-" + i + ",1700000000," + (i - 10) + ".5,20.5", WAIT))
                .isEqualTo("OK");
          }
          assertThat(chat.nextReply(WAIT)).contains("\"type\":\"welcome\"");
          chat.send("{\"type\":\"subscribe\",\"room\":\"ops\"}");
          chat.send(
              "{\"type\":\"chat\",\"room\":\"ops\",\"sender\":\"ana\",\"content\":\"hello\"}");
          Await.until(
              "the chat message to come back through the broadcaster",
              WAIT,
              () ->
                  String.valueOf(chat.pollReply(Duration.ofMillis(200)))
                      .contains("\"content\":\"hello\""));
          assertGatewaySeries(Scrape.of(url(gatewayPort, "/metrics")));
        }
        Await.until(
            "the ingestor to commit all " + FIXES + " fixes",
            WAIT,
            () ->
                Scrape.of(url(ingestorPort, "/metrics"))
                        .value("beacon_ingestor_batch_size_rows_sum")
                    >= FIXES);
        Scrape ingestorScrape = Scrape.of(url(ingestorPort, "/metrics"));
        Scrape broadcasterScrape = Scrape.of(url(broadcasterPort, "/metrics"));
        assertIngestorSeries(ingestorScrape);
        assertBroadcasterSeries(broadcasterScrape);
        assertDashboardSeriesExist(
            Scrape.of(url(gatewayPort, "/metrics")).text()
                + ingestorScrape.text()
                + broadcasterScrape.text());
        processes.forEach(BeaconProcess::terminate);
        processes.forEach(MetricsIT::assertJsonLog);
      } finally {
        processes.forEach(BeaconProcess::close);
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private BeaconProcess start(
      List<BeaconProcess> processes,
      String command,
      Map<String, String> common,
      Map<String, String> own) {
    Map<String, String> env = new java.util.HashMap<>(common);
    env.putAll(own);
    BeaconProcess process = BeaconProcess.start(dir.resolve(command + ".log"), env, command);
    processes.add(process);
    return process;
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static void assertGatewaySeries(Scrape gateway) {
    assertThat(gateway.value("beacon_gateway_connections", "path=\"device\""))
        .as("device connections")
        .isEqualTo(1);
    assertThat(gateway.value("beacon_gateway_connections", "path=\"chat\""))
        .as("chat connections")
        .isEqualTo(1);
    assertThat(gateway.value("beacon_gateway_messages_in_total", "type=\"csv\"")).isEqualTo(FIXES);
    assertThat(gateway.value("beacon_gateway_messages_in_total", "type=\"chat\"")).isEqualTo(1);
    assertThat(gateway.value("beacon_gateway_messages_in_total", "type=\"subscribe\""))
        .isEqualTo(1);
    assertThat(gateway.value("beacon_gateway_messages_out_total", "type=\"ok\"")).isEqualTo(FIXES);
    assertThat(gateway.value("beacon_gateway_messages_out_total", "type=\"welcome\"")).isEqualTo(1);
    assertThat(gateway.value("beacon_gateway_messages_out_total", "type=\"delivery\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(gateway.value("beacon_gateway_ack_latency_seconds_count")).isEqualTo(FIXES);
    assertThat(gateway.value("beacon_gateway_ack_latency_seconds_bucket", "le=\"+Inf\""))
        .isEqualTo(FIXES);
    assertThat(gateway.value("beacon_gateway_ack_latency_seconds_sum")).isPositive();
    assertThat(gateway.value("beacon_gateway_kafka_produce_errors_total")).isZero();
    assertThat(gateway.value("beacon_gateway_slow_consumer_disconnects_total")).isZero();
    assertThat(gateway.value("beacon_gateway_closes_total", "code=\"4010\"")).isZero();
    assertThat(gateway.has("jvm_memory_used_bytes")).as("JVM metrics").isTrue();
  }

  private static void assertIngestorSeries(Scrape ingestor) {
    assertThat(ingestor.value("beacon_ingestor_batch_size_rows_count")).isGreaterThanOrEqualTo(1);
    assertThat(ingestor.value("beacon_ingestor_commit_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(ingestor.value("beacon_ingestor_commit_seconds_sum")).isPositive();
    assertThat(ingestor.value("beacon_ingestor_rows_inserted_total")).isEqualTo(FIXES);
    assertThat(ingestor.value("beacon_ingestor_consumer_lag_records", "consumer=\"gps\""))
        .isGreaterThanOrEqualTo(0);
  }

  private static void assertBroadcasterSeries(Scrape broadcaster) {
    assertThat(broadcaster.value("beacon_broadcaster_messages_routed_total"))
        .isGreaterThanOrEqualTo(1);
    assertThat(broadcaster.value("beacon_broadcaster_deliveries_produced_total"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            broadcaster.value("beacon_broadcaster_consumer_lag_records", "consumer=\"messages\""))
        .isGreaterThanOrEqualTo(0);
    assertThat(broadcaster.value("beacon_broadcaster_consumer_lag_records", "consumer=\"gps\""))
        .isGreaterThanOrEqualTo(0);
  }

  /**
   * Every Beacon series the Grafana dashboard in {@code distribution/grafana} queries is one the
   * services export.
   */
  private static void assertDashboardSeriesExist(String scrapes) throws java.io.IOException {
    Path dashboard =
        Path.of(
            System.getProperty(
                "beacon.grafana.dashboard", "../distribution/grafana/beacon-dashboard.json"));
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("beacon_[a-z_]+")
            .matcher(java.nio.file.Files.readString(dashboard));
    java.util.Set<String> queried = new java.util.TreeSet<>();
    while (names.find()) {
      queried.add(names.group());
    }
    assertThat(queried)
        .as("series queried by %s", dashboard)
        .hasSizeGreaterThan(10)
        .allSatisfy(name -> assertThat(scrapes).as("scrapes").contains("\n" + name));
  }

  /**
   * Every log line is a JSON object with Logback's fields; the only other lines are the command's
   * banner.
   */
  private static void assertJsonLog(BeaconProcess process) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : process.output().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(new JsonObject(line));
      }
    }
    assertThat(lines).as("JSON log lines of\n%s", process.output()).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.fieldNames())
                    .contains("timestamp", "level", "loggerName", "formattedMessage"));
    assertThat(lines)
        .anySatisfy(line -> assertThat(line.getString("loggerName")).startsWith("dev.beacon."));
  }
}
