package dev.beacon.it.faults;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every part of Beacon as its own process: a broker ({@link TwoListenerBroker}), the broadcaster,
 * the ingestor and two gateways, the second of which reaches the broker only through the broker's
 * cuttable proxy. Each part can be killed with SIGKILL and started again; every start returns once
 * the part is ready.
 */
final class SplitCluster implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(90);

  private final Path dir;
  private final TwoListenerBroker broker;
  private final int[] gatewayPorts = {FreePorts.next(), FreePorts.next()};
  private final BeaconProcess[] gateways = new BeaconProcess[2];
  private final int ingestorPort = FreePorts.next();
  private BeaconProcess broadcaster;
  private BeaconProcess ingestor;
  private int starts;

  private SplitCluster(Path dir, TwoListenerBroker broker) {
    this.dir = dir;
    this.broker = broker;
  }

  static SplitCluster start(Path dir) {
    SplitCluster cluster = new SplitCluster(dir, TwoListenerBroker.start(dir.resolve("broker")));
    try {
      cluster.startBroadcaster();
      cluster.startIngestor();
      cluster.startGateway(0);
      cluster.startGateway(1);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  TwoListenerBroker broker() {
    return broker;
  }

  List<Integer> gatewayPorts() {
    return List.of(gatewayPorts[0], gatewayPorts[1]);
  }

  Path database() {
    return dir.resolve("ingestor").resolve("gps.db");
  }

  /** Environment of a Beacon process talking to the broker directly. */
  Map<String, String> kafkaEnv() {
    return kafkaEnv(broker.bootstrap());
  }

  private static Map<String, String> kafkaEnv(String bootstrap) {
    return Map.of(
        "BEACON_KAFKA_BOOTSTRAP",
        bootstrap,
        "BEACON_KAFKA_PARTITIONS",
        "3",
        "BEACON_ACK_TIMEOUT",
        "15s");
  }

  /** Starts the broadcaster; returns how long it took to route messages. */
  Duration startBroadcaster() {
    long started = System.nanoTime();
    broadcaster = start("broadcaster", kafkaEnv(), "broadcaster");
    Await.until(
        "the broadcaster to start",
        WAIT,
        () -> broadcaster.output().contains("broadcaster started"));
    return since(started);
  }

  /**
   * Starts the broker again on its storage; returns how long it took, and until the gateways were
   * ready.
   */
  Duration restartBroker() {
    long started = System.nanoTime();
    broker.restart();
    awaitGatewaysReady();
    return since(started);
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  void killBroadcaster() {
    broadcaster.kill();
  }

  Duration startIngestor() {
    long started = System.nanoTime();
    Map<String, String> env = new HashMap<>(kafkaEnv());
    env.putAll(
        Map.of(
            "BEACON_DATA_DIR",
            dir.resolve("ingestor").toString(),
            "BEACON_INGESTOR_PORT",
            String.valueOf(ingestorPort),
            "BEACON_INGEST_BATCH_DELAY",
            "100ms"));
    ingestor =
        start("ingestor", env, "ingestor")
            .awaitHttpOk("http://127.0.0.1:" + ingestorPort + "/ready", WAIT);
    return since(started);
  }

  void killIngestor() {
    ingestor.kill();
  }

  /** Gateway 0 talks to the broker directly, gateway 1 through the proxy. */
  Duration startGateway(int i) {
    long started = System.nanoTime();
    Map<String, String> env =
        new HashMap<>(kafkaEnv(i == 0 ? broker.bootstrap() : broker.proxiedBootstrap()));
    env.putAll(
        Map.of(
            "BEACON_GATEWAY_PORT",
            String.valueOf(gatewayPorts[i]),
            "BEACON_GATEWAY_ID",
            "gw" + i,
            "BEACON_GATEWAY_INSTANCES",
            "1",
            "BEACON_GATEWAY_HOST",
            "127.0.0.1"));
    gateways[i] =
        start("gw" + i, env, "gateway")
            .awaitHttpOk("http://127.0.0.1:" + gatewayPorts[i] + "/ready", WAIT);
    return since(started);
  }

  void killGateway(int i) {
    gateways[i].kill();
  }

  /** Waits until both gateways answer /ready with 200 again (after the broker came back). */
  void awaitGatewaysReady() {
    for (int port : gatewayPorts) {
      Await.until(
          "gateway " + port + " ready",
          WAIT,
          () -> BeaconProcess.status("http://127.0.0.1:" + port + "/ready") == 200);
    }
  }

  /** Every running part's thread stacks beside its log, labelled {@code label}. */
  void dumpThreads(String label) {
    for (BeaconProcess gateway : gateways) {
      if (gateway != null) {
        gateway.dumpThreads(label);
      }
    }
    for (BeaconProcess part : new BeaconProcess[] {ingestor, broadcaster}) {
      if (part != null) {
        part.dumpThreads(label);
      }
    }
  }

  String ingestorLogs() {
    return ingestor.output();
  }

  private BeaconProcess start(String name, Map<String, String> env, String command) {
    starts++;
    return BeaconProcess.start(dir.resolve(name + "-" + starts + ".log"), env, command);
  }

  @Override
  public void close() {
    for (BeaconProcess gateway : gateways) {
      if (gateway != null) {
        gateway.close();
      }
    }
    if (ingestor != null) {
      ingestor.close();
    }
    if (broadcaster != null) {
      broadcaster.close();
    }
    broker.close();
  }
}
