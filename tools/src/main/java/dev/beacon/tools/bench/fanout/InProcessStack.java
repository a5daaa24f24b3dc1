package dev.beacon.tools.bench.fanout;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.embedded.LocalStack;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The system under test of {@code beacon bench fanout} without {@code --url}: the embedded broker,
 * the broadcaster, the ingestor and two gateways in this JVM, in a temporary directory deleted on
 * close.
 *
 * <p>Every load-generator connection comes from 127.0.0.1, so the gateways allow {@value
 * #CONNECTIONS_PER_IP} connections per address instead of the default 5,000 (a big room puts 5,000
 * on each gateway). Everything else is the default configuration.
 */
public final class InProcessStack implements AutoCloseable {

  static final int CONNECTIONS_PER_IP = 20_000;

  private final Path dir;
  private final LocalStack stack;
  private final Gateway second;

  private InProcessStack(Path dir, LocalStack stack, Gateway second) {
    this.dir = dir;
    this.stack = stack;
    this.second = second;
  }

  public static InProcessStack start() throws IOException {
    Path dir = Files.createTempDirectory("beacon-bench-fanout");
    LocalStack stack = null;
    try {
      stack =
          LocalStack.start(
              KafkaBrokerConfig.onFreePorts(dir),
              KafkaSettings::defaults,
              gateway("gw-1"),
              IngestorConfig.builder().dataDir(dir).apiPort(0).build(),
              BroadcasterConfig.defaults());
      Gateway second =
          Blocking.await(
              Gateway.deploy(
                  stack.vertx(),
                  gateway("gw-2"),
                  KafkaBackend.of(stack.kafkaSettings()),
                  ConnectionListener.NONE),
              "start gateway gw-2");
      return new InProcessStack(dir, stack, second);
    } catch (RuntimeException e) {
      if (stack != null) {
        stack.close();
      }
      deleteRecursively(dir);
      throw e;
    }
  }

  private static GatewayConfig gateway(String id) {
    return GatewayConfig.builder()
        .port(0)
        .deviceAuth(DeviceAuthMode.OPEN)
        .gatewayId(id)
        .security(
            SecurityConfig.builder()
                .maxConnectionsPerIp(CONNECTIONS_PER_IP)
                .trustedProxies(List.of())
                .build())
        .build();
  }

  /** The two gateways' {@code /chat} URLs. */
  public List<URI> chatUrls() {
    return List.of(
        URI.create("ws://127.0.0.1:" + stack.gateway().port() + "/chat"),
        URI.create("ws://127.0.0.1:" + second.port() + "/chat"));
  }

  /**
   * Where a generator in another process reads the hop histograms: one gateway's {@code /metrics}
   * is enough, as every service of this JVM shares one registry (reading both would count each
   * observation twice).
   */
  public URI metricsUrl() {
    return URI.create("http://127.0.0.1:" + stack.gateway().port() + "/metrics");
  }

  @Override
  public void close() {
    try {
      Blocking.awaitQuietly(second.close(), "stop gateway gw-2");
      stack.close();
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
