package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.TextClient;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code beacon gateway} process given a PEM certificate and key (a self-signed pair made by the
 * {@code openssl} CLI) serves {@code wss://} directly: a client trusting the certificate connects,
 * a plain {@code ws://} client and a client that does not trust it are turned away.
 */
class WssIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a client connects over wss directly to the gateway; plain ws and untrusted clients fail")
  void wss() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSignedCertificate(cert, key);
    Vertx vertx = Vertx.vertx();
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir.resolve("broker")))) {
      int port = FreePorts.next();
      try (BeaconProcess gateway =
          BeaconProcess.start(
              dir.resolve("gateway.log"),
              Map.of(
                  "BEACON_KAFKA_BOOTSTRAP",
                  kafka.bootstrap(),
                  "BEACON_GATEWAY_PORT",
                  String.valueOf(port),
                  "BEACON_TLS_CERT",
                  cert.toString(),
                  "BEACON_TLS_KEY",
                  key.toString()),
              "gateway")) {
        Await.until(
            "the gateway to listen on wss (log " + dir.resolve("gateway.log") + ")",
            WAIT,
            () -> gateway.output().contains("listening on wss://"));
        WebSocketClientOptions trusting =
            new WebSocketClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString()));
        try (TextClient device = TextClient.connect(vertx, trusting, at(port, "/ws"));
            TextClient chat = TextClient.connect(vertx, trusting, at(port, "/chat"))) {
          assertThat(device.request("32,1681593747,44.8159745,20.4601243", WAIT)).isEqualTo("OK");
          assertThat(new JsonObject(chat.nextReply(WAIT)).getString("type")).isEqualTo("welcome");
        }
        assertThatThrownBy(
                () -> TextClient.connect(vertx, new WebSocketClientOptions(), at(port, "/ws")))
            .as("plain ws:// to the TLS port")
            .isInstanceOf(AssertionError.class);
        assertThatThrownBy(
                () ->
                    TextClient.connect(
                        vertx, new WebSocketClientOptions().setSsl(true), at(port, "/ws")))
            .as("wss:// without trusting the certificate")
            .isInstanceOf(AssertionError.class);
        assertThat(gateway.output()).doesNotContain("Exception in thread");
      }
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  private static WebSocketConnectOptions at(int port, String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  /** {@code openssl req -x509}: a one-day self-signed certificate for 127.0.0.1 and localhost. */
  static void selfSignedCertificate(Path cert, Path key) throws Exception {
    Process openssl =
        new ProcessBuilder(
                List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    key.toString(),
                    "-out",
                    cert.toString(),
                    "-days",
                    "1",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"))
            .redirectErrorStream(true)
            .redirectOutput(cert.resolveSibling("openssl.log").toFile())
            .start();
    if (!openssl.waitFor(60, TimeUnit.SECONDS)) {
      openssl.destroyForcibly();
      throw new AssertionError("openssl did not finish within 60 s");
    }
    assertThat(openssl.exitValue())
        .as("openssl exit code (is the openssl package installed?)")
        .isZero();
  }
}
