package dev.beacon.it.support;

import dev.beacon.client.BeaconClient;
import dev.beacon.client.ClientOptions;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The split deployment as real processes for client tests: a Kafka broker and a broadcaster, plus
 * gateways started (and restarted) on demand. Each process is stopped by its own PID on {@link
 * #close()}.
 */
public final class ChatCluster implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(90);

  private final Path dir;
  private final Map<String, String> kafkaEnv;
  private final List<BeaconProcess> processes = new ArrayList<>();

  private ChatCluster(Path dir, String bootstrap) {
    this.dir = dir;
    // a generous Kafka timeout: on a loaded CI machine a gateway's first metadata request may take
    // seconds
    this.kafkaEnv =
        Map.of(
            "BEACON_KAFKA_BOOTSTRAP",
            bootstrap,
            "BEACON_KAFKA_PARTITIONS",
            "3",
            "BEACON_ACK_TIMEOUT",
            "15s");
  }

  /** Starts the broker and the broadcaster, and waits until the broker accepts connections. */
  public static ChatCluster start(Path dir) {
    int kafkaPort = FreePorts.next();
    ChatCluster cluster = new ChatCluster(dir, "127.0.0.1:" + kafkaPort);
    BeaconProcess kafka =
        cluster.track(
            BeaconProcess.start(
                dir.resolve("kafka.log"),
                Map.of(
                    "BEACON_DATA_DIR",
                    dir.resolve("kafka").toString(),
                    "BEACON_KAFKA_PORT",
                    String.valueOf(kafkaPort),
                    "BEACON_KAFKA_CONTROLLER_PORT",
                    String.valueOf(FreePorts.next())),
                "kafka"));
    Await.until(
        "the Kafka process to accept connections",
        WAIT,
        () -> kafka.output().contains("Kafka is running"));
    cluster.track(
        BeaconProcess.start(dir.resolve("broadcaster.log"), cluster.kafkaEnv, "broadcaster"));
    return cluster;
  }

  /**
   * Starts a gateway process on {@code port} with extra environment, and waits until it is ready.
   */
  public BeaconProcess gateway(String id, int port, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(kafkaEnv);
    env.putAll(
        Map.of(
            "BEACON_GATEWAY_PORT",
            String.valueOf(port),
            "BEACON_GATEWAY_ID",
            id,
            "BEACON_GATEWAY_INSTANCES",
            "1",
            "BEACON_GATEWAY_HOST",
            "127.0.0.1"));
    env.putAll(extraEnv);
    BeaconProcess gateway =
        track(
            BeaconProcess.start(dir.resolve(id + "-" + processes.size() + ".log"), env, "gateway"));
    return gateway.awaitHttpOk("http://127.0.0.1:" + port + "/ready", WAIT);
  }

  /**
   * Starts another {@code beacon} subcommand (ingestor, simulate, ...) against the cluster's
   * broker, stopped on close.
   */
  public BeaconProcess start(String name, Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(kafkaEnv);
    env.putAll(extraEnv);
    return track(
        BeaconProcess.start(dir.resolve(name + "-" + processes.size() + ".log"), env, args));
  }

  /**
   * Waits until a chat sent through the gateway on {@code port} comes back to its author, i.e. the
   * broadcaster is routing: probes every poll with a fresh message until one returns.
   */
  public static void awaitRouting(Vertx vertx, int port) {
    BeaconClient probe =
        BeaconClient.create(
            vertx, ClientOptions.builder(URI.create("ws://127.0.0.1:" + port + "/chat")).build());
    AtomicBoolean back = new AtomicBoolean();
    probe.messageHandler(m -> back.compareAndSet(false, "chat".equals(m.getString("type"))));
    Blocking.await(probe.connect(), "connect the routing probe");
    Blocking.await(probe.join("probe"), "join the probe room");
    Await.until(
        "a chat to come back through the broadcaster",
        WAIT,
        () -> {
          probe.chat("probe", "probe");
          return back.get();
        });
    Blocking.awaitQuietly(probe.close(), "close the probe");
  }

  private BeaconProcess track(BeaconProcess process) {
    processes.add(process);
    return process;
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
