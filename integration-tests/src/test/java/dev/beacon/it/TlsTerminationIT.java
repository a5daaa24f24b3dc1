package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Haproxy;
import dev.beacon.it.support.Nginx;
import dev.beacon.it.support.RawHttp;
import dev.beacon.it.support.Scrape;
import dev.beacon.it.support.TestCertificate;
import dev.beacon.it.support.TextClient;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load-balancer configurations from {@code distribution/} run for real (Debian's nginx and
 * HAProxy) in front of three gateway processes, terminating TLS with a certificate made in the
 * test: devices and chat clients connect with {@code wss://}, and the connections spread over all
 * three gateways, as each gateway's {@code /metrics} shows. Both serve only the public surface: the
 * gateways here serve {@code /metrics} and the admin API on their public port (no internal port),
 * and through either proxy those paths, in every spelling, are 404 while the console works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTerminationIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int DEVICES = 12;
  private static final String CONNECTIONS = "beacon_gateway_connections";
  private static final String ADMIN_TOKEN = "tls-termination-admin-token";
  private static final Map<String, String> AS_ADMIN =
      Map.of("Authorization", "Bearer " + ADMIN_TOKEN);

  /**
   * Operator paths in the spellings a proxy might let through: trailing slash, query, case,
   * slashes, dot segments.
   */
  private static final List<String> OPERATOR_PATHS =
      List.of(
          "/metrics",
          "/metrics/",
          "/metrics?x=1",
          "/METRICS",
          "//metrics",
          "/api",
          "/api/clients",
          "/api/clients/",
          "//api/clients",
          "/API/clients",
          "/console/../metrics",
          "/console/%2e%2e/metrics",
          "/ws/../api/clients",
          "/%61pi/clients");

  @TempDir static Path dir;
  private EmbeddedKafka kafka;
  private Vertx vertx;
  private TestCertificate certificate;
  private final List<BeaconProcess> gateways = new ArrayList<>();
  private final int[] ports = new int[3];

  @BeforeAll
  void startGateways() throws Exception {
    Assumptions.assumeTrue(Executables.onPath("openssl"), "openssl is not installed");
    certificate = TestCertificate.generate(dir.resolve("tls"));
    kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")));
    vertx = Vertx.vertx();
    // One after the other: three JVMs starting at once on a busy 2-core machine can miss Kafka's
    // start-up timeouts.
    for (int i = 0; i < ports.length; i++) {
      ports[i] = FreePorts.next();
      gateways.add(
          BeaconProcess.start(
              dir.resolve("gw" + (i + 1) + ".log"),
              Map.of(
                  "BEACON_KAFKA_BOOTSTRAP",
                  kafka.bootstrap(),
                  "BEACON_GATEWAY_HOST",
                  "127.0.0.1",
                  "BEACON_GATEWAY_PORT",
                  String.valueOf(ports[i]),
                  "BEACON_GATEWAY_ID",
                  "gw" + (i + 1),
                  "BEACON_GATEWAY_INSTANCES",
                  "1",
                  "BEACON_ACK_TIMEOUT",
                  "10s",
                  "BEACON_ADMIN_TOKEN",
                  ADMIN_TOKEN),
              "gateway"));
      gateways.get(i).awaitHttpOk("http://127.0.0.1:" + ports[i] + "/ready", WAIT);
    }
  }

  @AfterAll
  void stop() {
    gateways.forEach(BeaconProcess::close);
    if (vertx != null) {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @DisplayName(
      "nginx terminates TLS: wss:// devices get OK, chat clients their welcome, on all three gateways")
  void nginxTerminatesTls() throws Exception {
    Assumptions.assumeTrue(
        Nginx.installed(), "nginx is not installed (apt-get install nginx; .ci/run does)");
    int tlsPort = FreePorts.next();
    try (Nginx nginx =
        Nginx.start(
            dir.resolve("nginx"),
            certificate,
            tlsPort,
            FreePorts.next(),
            FreePorts.next(),
            ports)) {
      assertWssSpreadsOverGateways(tlsPort, "nginx");
    }
  }

  @Test
  @DisplayName(
      "nginx serves only the public surface: /metrics, /api in every spelling are 404 on the TLS port; the console, /ws and the ingestor's /api work")
  void nginxServesOnlyThePublicSurface() throws Exception {
    Assumptions.assumeTrue(
        Nginx.installed(), "nginx is not installed (apt-get install nginx; .ci/run does)");
    HttpServer ingestor =
        Blocking.await(
            vertx
                .createHttpServer()
                .requestHandler(request -> request.response().end("ingestor saw " + request.uri()))
                .listen(0, "127.0.0.1"),
            "start the stand-in ingestor");
    int tlsPort = FreePorts.next();
    try (Nginx nginx =
        Nginx.start(
            dir.resolve("nginx-surface"),
            certificate,
            tlsPort,
            FreePorts.next(),
            ingestor.actualPort(),
            ports)) {
      assertOnlyThePublicSurface(tlsPort, "nginx");
      RawHttp https = RawHttp.trusting(certificate.certificate());
      assertThat(https.get(tlsPort, "/ingestor/api/devices?limit=5", Map.of()))
          .as("the ingestor's read API, for the console")
          .isEqualTo(new RawHttp.Response(200, "ingestor saw /api/devices?limit=5"));
      for (String path :
          List.of("/ingestor/metrics", "/ingestor/ready", "/ingestor/api/../metrics")) {
        assertThat(https.get(tlsPort, path, Map.of()).status())
            .as("%s through nginx", path)
            .isEqualTo(404);
      }
    } finally {
      Blocking.awaitQuietly(ingestor.close(), "stop the stand-in ingestor");
    }
  }

  @Test
  @DisplayName(
      "HAProxy serves only the public surface too: /metrics, /api in every spelling are 404; the console and /ws work")
  void haproxyServesOnlyThePublicSurface() {
    Assumptions.assumeTrue(
        Haproxy.installed(), "haproxy is not installed (apt-get install haproxy; .ci/run does)");
    int tlsPort = FreePorts.next();
    Map<String, String> tls =
        Map.of(
            "BEACON_LB_TLS_PEM",
            certificate.combined().toString(),
            "BEACON_LB_TLS_PORT",
            String.valueOf(tlsPort));
    try (Haproxy haproxy = Haproxy.start(dir, tls, FreePorts.next(), ports)) {
      assertOnlyThePublicSurface(tlsPort, "haproxy");
    }
  }

  /**
   * The gateway itself answers the operator paths on its public port (so a 404 through the proxy is
   * the proxy's refusal), the proxy refuses every spelling of them, and still serves the console,
   * beacon.js and a device on /ws.
   */
  private void assertOnlyThePublicSurface(int tlsPort, String proxy) {
    RawHttp direct = RawHttp.plain();
    assertThat(direct.get(ports[0], "/metrics/", Map.of()).status())
        .as("the gateway's own /metrics/")
        .isEqualTo(200);
    assertThat(direct.get(ports[0], "/api/clients", AS_ADMIN).status())
        .as("the gateway's own admin API")
        .isEqualTo(200);
    RawHttp https = RawHttp.trusting(certificate.certificate());
    for (String path : OPERATOR_PATHS) {
      RawHttp.Response response = https.get(tlsPort, path, AS_ADMIN);
      assertThat(response.status())
          .as("%s through %s: %s", path, proxy, response.body())
          .isEqualTo(404);
      assertThat(response.body()).as("%s through %s", path, proxy).doesNotContain("beacon_");
    }
    RawHttp.Response console = https.get(tlsPort, "/console/", Map.of());
    assertThat(console.status()).as("the console through %s", proxy).isEqualTo(200);
    assertThat(console.body()).contains("console.js");
    assertThat(https.get(tlsPort, "/beacon.js", Map.of()).status())
        .as("beacon.js through %s", proxy)
        .isEqualTo(200);
    try (TextClient device =
        TextClient.connectTls(vertx, certificate.certificate(), tlsPort, "/ws")) {
      assertThat(device.request(proxy + "-surface,1700000000,1.5,2.5", WAIT))
          .as("a fix through %s", proxy)
          .isEqualTo("OK");
    }
  }

  @Test
  @DisplayName(
      "HAProxy's optional TLS frontend: wss:// devices get OK, chat clients their welcome, on all three gateways")
  void haproxyTerminatesTls() {
    Assumptions.assumeTrue(
        Haproxy.installed(), "haproxy is not installed (apt-get install haproxy; .ci/run does)");
    int tlsPort = FreePorts.next();
    Map<String, String> tls =
        Map.of(
            "BEACON_LB_TLS_PEM",
            certificate.combined().toString(),
            "BEACON_LB_TLS_PORT",
            String.valueOf(tlsPort));
    try (Haproxy haproxy = Haproxy.start(dir, tls, FreePorts.next(), ports)) {
      assertWssSpreadsOverGateways(tlsPort, "haproxy");
    }
  }

  private void assertWssSpreadsOverGateways(int tlsPort, String proxy) {
    double[] before = deviceConnections();
    List<TextClient> devices = new ArrayList<>();
    try {
      for (int d = 0; d < DEVICES; d++) {
        TextClient device = TextClient.connectTls(vertx, certificate.certificate(), tlsPort, "/ws");
        devices.add(device);
        assertThat(device.request(proxy + "-" + d + ",1700000000," + (d - 6) + ".5,20.25", WAIT))
            .as("reply to a fix sent through %s", proxy)
            .isEqualTo("OK");
      }
      try (TextClient chat =
          TextClient.connectTls(vertx, certificate.certificate(), tlsPort, "/chat")) {
        assertThat(chat.nextReply(WAIT))
            .as("first message on /chat through %s", proxy)
            .contains("\"type\":\"welcome\"");
        assertThat(chat.request("{\"type\":\"ping\",\"id\":1}", WAIT))
            .contains("\"type\":\"pong\"");
      }
      Await.until(
          "device connections through " + proxy + " on each of the three gateways",
          WAIT,
          () -> {
            double[] now = deviceConnections();
            for (int i = 0; i < now.length; i++) {
              if (!(now[i] > before[i])) {
                return false;
              }
            }
            return true;
          });
    } finally {
      devices.forEach(TextClient::close);
    }
  }

  private double[] deviceConnections() {
    double[] counts = new double[ports.length];
    for (int i = 0; i < ports.length; i++) {
      counts[i] =
          Scrape.of("http://127.0.0.1:" + ports[i] + "/metrics")
              .value(CONNECTIONS, "path=\"device\"");
    }
    return counts;
  }
}
