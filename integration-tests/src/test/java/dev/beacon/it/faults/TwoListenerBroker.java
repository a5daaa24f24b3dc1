package dev.beacon.it.faults;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft broker as its own process ({@code kafka.Kafka} from beacon.jar), with a
 * second client listener whose advertised address is a {@link TcpProxy}: a client bootstrapped
 * through the proxy keeps talking through it, so the test can cut that client (and only it) off
 * from the broker. Restartable on the same storage.
 */
public final class TwoListenerBroker implements AutoCloseable {

  /**
   * Generous: a broker restarting after SIGKILL recovers its logs first, slow on a busy CI machine.
   */
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final Path dir;
  private final Path properties;
  private final int port;
  private final TcpProxy proxy;
  private BeaconProcess process;
  private int starts;

  private TwoListenerBroker(Path dir, Path properties, int port, TcpProxy proxy) {
    this.dir = dir;
    this.properties = properties;
    this.port = port;
    this.proxy = proxy;
  }

  /** Formats the storage in {@code dir}, starts the broker and waits until it is running. */
  public static TwoListenerBroker start(Path dir) {
    int port = FreePorts.next();
    int proxiedPort = FreePorts.next();
    int controllerPort = FreePorts.next();
    TcpProxy proxy = TcpProxy.start(FreePorts.next(), proxiedPort);
    Path properties = dir.resolve("server.properties");
    writeProperties(
        properties, dir.resolve("logs"), port, proxiedPort, proxy.port(), controllerPort);
    TwoListenerBroker broker = new TwoListenerBroker(dir, properties, port, proxy);
    broker.format();
    broker.restart();
    return broker;
  }

  /** Clients that bootstrap here talk to the broker directly. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Clients that bootstrap here talk to the broker through {@link #proxy()} only. */
  public String proxiedBootstrap() {
    return "127.0.0.1:" + proxy.port();
  }

  public TcpProxy proxy() {
    return proxy;
  }

  /** SIGKILL: the broker loses what it had not flushed, as on a power cut. */
  public void kill() {
    process.kill();
  }

  /** Starts the broker again on the same storage and waits until it serves clients. */
  public void restart() {
    starts++;
    process =
        BeaconProcess.startJava(
            dir.resolve("broker-" + starts + ".log"),
            Map.of(),
            List.of(),
            List.of(
                "-Xmx512m",
                "-cp",
                BeaconProcess.jar().toString(),
                "kafka.Kafka",
                properties.toString()));
    Await.until("the broker to serve clients (log " + dir + ")", WAIT, this::serves);
  }

  /** Whether the broker answers a metadata request on its direct listener. */
  private boolean serves() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void format() {
    BeaconProcess formatting =
        BeaconProcess.startJava(
            dir.resolve("format.log"),
            Map.of(),
            List.of(),
            List.of(
                "-cp",
                BeaconProcess.jar().toString(),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c",
                properties.toString(),
                "--ignore-formatted"));
    if (formatting.waitForExit() != 0) {
      throw new IllegalStateException(
          "formatting the broker storage failed:\n" + formatting.output());
    }
  }

  private static void writeProperties(
      Path file, Path logs, int port, int proxiedPort, int proxyPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + port
            + ",PROXIED://127.0.0.1:"
            + proxiedPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:" + port + ",PROXIED://127.0.0.1:" + proxyPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logs.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "10");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, "a broker with a second listener behind a cuttable proxy");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    proxy.close();
  }
}
