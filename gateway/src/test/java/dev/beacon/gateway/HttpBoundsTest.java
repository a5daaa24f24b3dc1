package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.runtime.http.HttpTimeouts;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What idle, trickling and hostile HTTP clients can make a gateway hold, on real sockets. */
@ExtendWith(VertxExtension.class)
@DisplayName("Bounded HTTP resources")
class HttpBoundsTest {

  private static final int IDLE_SOCKETS = 1000;
  private static final Duration HEADER_READ = Duration.ofSeconds(2);
  private static final String ADMIN_TOKEN = "an-admin-token-of-some-length";

  private static GatewayConfig.Builder config(String gatewayId) {
    return TestGateways.config().toBuilder()
        .gatewayId(gatewayId)
        .bounds(
            ResourceBounds.builder()
                .http(new HttpTimeouts(Duration.ofSeconds(60), HEADER_READ))
                .build());
  }

  private static Gateway deploy(Vertx vertx, GatewayConfig config) {
    return TestGateways.deploy(
        vertx, config, new ManualFixSink().autoAck(), TestGateways.REPLY_TIMEOUT);
  }

  @Test
  @DisplayName(
      "1,000 idle unupgraded sockets count against the per-address limit and are closed by the header timeout")
  void idleSocketsAreCountedAndClosed(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            config("gw-idle")
                .security(
                    SecurityConfig.defaults().toBuilder()
                        .maxConnectionsPerIp(IDLE_SOCKETS)
                        .trustedProxies(List.of())
                        .build())
                .build());
    double timeoutsBefore = headerTimeouts();
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < IDLE_SOCKETS; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
        idle.add(socket);
      }
      assertThat(statusOfUpgrade(gateway.port()))
          .as("one more connection from the same address")
          .isEqualTo(429);
      for (Socket socket : idle) {
        assertThat(readsEndOfStream(socket, Duration.ofSeconds(60)))
            .as("idle socket closed by the server")
            .isTrue();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (headerTimeouts() - timeoutsBefore < IDLE_SOCKETS && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(headerTimeouts() - timeoutsBefore)
          .as("connections closed by the header deadline")
          .isGreaterThanOrEqualTo(IDLE_SOCKETS);
      awaitUpgradeStatus(gateway.port(), 101);
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  @Test
  @DisplayName(
      "a client that trickles its request head a byte at a time is closed at the deadline, idle or not")
  void tricklingHeadIsClosed(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, config("gw-trickle").build());
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(200);
      long deadline = System.nanoTime() + HEADER_READ.multipliedBy(15).toNanos();
      boolean closed = false;
      while (!closed && System.nanoTime() < deadline) {
        try {
          out.write('X');
          out.flush();
          closed = socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
          // Nothing to read yet: trickle on.
        } catch (IOException reset) {
          closed = true;
        }
      }
      assertThat(closed).as("closed before the test's own deadline").isTrue();
    }
  }

  @Test
  @DisplayName(
      "a compressed frame that inflates past the message limit closes with 1009; deflate-frame is not offered")
  void deflateBomb(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, config("gw-deflate").webSocketCompression(true).build());
    byte[] bomb = deflated(new byte[64 << 20]);
    assertThat(bomb.length)
        .as("compressed payload fits one frame")
        .isLessThan(GatewayConfig.DEFAULT_MAX_FRAME_SIZE);
    try (RawWebSocket ws =
        RawWebSocket.open(
            gateway.port(), "/", 0, "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      assertThat(ws.handshake()).containsIgnoringCase("permessage-deflate");
      ws.send(true, 4, RawWebSocket.TEXT, bomb, true);
      RawWebSocket.Frame close = ws.next(Duration.ofSeconds(30));
      assertThat(close).isNotNull();
      assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
      assertThat(close.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
      // Stopped by the inflater's cap, not by the message limit after inflating 64 MB.
      assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
          .contains("compressed frame inflates to more than");
    }
    try (RawWebSocket ws =
        RawWebSocket.open(
            gateway.port(), "/", 0, "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n")) {
      assertThat(ws.handshake()).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
    }
  }

  @Test
  @DisplayName("a compressed frame within the limit still works")
  void deflatedFrameWithinLimit(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, config("gw-deflate-ok").webSocketCompression(true).build());
    try (RawWebSocket ws =
        RawWebSocket.open(
            gateway.port(), "/", 0, "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      ws.send(
          true,
          4,
          RawWebSocket.TEXT,
          deflated("32,1681593747,44.8159745,20.4601243".getBytes(StandardCharsets.US_ASCII)),
          true);
      RawWebSocket.Frame reply = ws.next(Duration.ofSeconds(10));
      assertThat(reply).isNotNull();
      assertThat(reply.opcode()).isEqualTo(RawWebSocket.TEXT);
    }
  }

  @Test
  @DisplayName(
      "wrong admin tokens from one address get 429 with Retry-After; the right token works from another")
  void adminThrottle(Vertx vertx) throws Exception {
    Gateway gateway =
        deploy(
            vertx,
            config("gw-admin")
                .serverApi(ServerApiConfig.builder().adminToken(ADMIN_TOKEN).build())
                .bounds(
                    ResourceBounds.builder()
                        .adminMaxFailures(3)
                        .adminFailureWindow(Duration.ofMinutes(1))
                        .build())
                .build());
    for (int i = 0; i < 3; i++) {
      assertThat(adminStatus(gateway.port(), "127.0.0.1", "wrong-" + i)).startsWith("HTTP/1.1 401");
    }
    String throttled = adminStatus(gateway.port(), "127.0.0.1", ADMIN_TOKEN);
    assertThat(throttled)
        .as("even the right token, from the throttled address")
        .startsWith("HTTP/1.1 429");
    assertThat(throttled).containsPattern("(?i)retry-after: ([1-9]|[1-5][0-9]|60)\r\n");
    assertThat(adminStatus(gateway.port(), "127.0.0.2", ADMIN_TOKEN))
        .as("from another address")
        .startsWith("HTTP/1.1 200");
  }

  /**
   * The response head of an admin request sent from {@code source} (a loopback address), with
   * {@code token}.
   */
  private static String adminStatus(int port, String source, String token) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/clients/count HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + token
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int end = response.indexOf("\r\n\r\n");
      return end < 0 ? response : response.substring(0, end + 2);
    }
  }

  @Test
  @DisplayName(
      "with BEACON_METRICS_TOKEN and no internal port, /metrics (and /metrics/) need the bearer token")
  void metricsToken(Vertx vertx) throws Exception {
    Gateway gateway = deploy(vertx, config("gw-metrics").metricsToken("scrape-me").build());
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/metrics", "/metrics/")) {
      URI uri = URI.create("http://127.0.0.1:" + gateway.port() + path);
      assertThat(
              http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .as(path + " without a token")
          .isEqualTo(401);
    }
    URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/metrics");
    HttpResponse<String> scraped =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer scrape-me").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("beacon_gateway_connections");
  }

  private static double headerTimeouts() {
    Counter counter =
        BeaconMetrics.registry()
            .find("beacon_http_header_timeouts_total")
            .tag("server", "gateway")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** The status line's code of an upgrade request on a fresh connection. */
  private static int statusOfUpgrade(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      try {
        socket
            .getOutputStream()
            .write(
                ("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
      } catch (IOException refusedBeforeTheRequest) {
        // The server may answer and close before the request is written; its answer is still there
        // to read.
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        line.write(c);
      }
      String status = line.toString(StandardCharsets.US_ASCII);
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    }
  }

  private static void awaitUpgradeStatus(int port, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int status;
    do {
      status = statusOfUpgrade(port);
    } while (status != expected && System.nanoTime() < deadline);
    assertThat(status).as("upgrade status once the idle sockets are gone").isEqualTo(expected);
  }

  private static boolean readsEndOfStream(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** RFC 7692: raw DEFLATE of the message, the final empty block's 00 00 ff ff removed. */
  private static byte[] deflated(byte[] message) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[65_536];
    int n;
    while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(chunk, 0, n);
      if (deflater.needsInput()) {
        break;
      }
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }
}
