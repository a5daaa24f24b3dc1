package dev.beacon.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beacon scaled out on a {@link BrokerQuorum}, every part its own process: two gateways, two
 * broadcasters sharing one consumer group (instances {@code b1}, {@code b2}), and two ingestors
 * ({@code a}, {@code b}), each a full replica of the store in its own consumer group. Every part
 * can be SIGKILLed, SIGTERMed (a graceful stop: the gateways drain their clients), SIGSTOPped and
 * SIGCONTed, and started again; every start returns once it is ready.
 */
final class ClusterStack implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final List<String> BROADCASTERS = List.of("b1", "b2");
  static final List<String> INGESTORS = List.of("a", "b");
  static final String BROADCASTER_GROUP = "beacon-broadcaster";

  private final Path dir;
  private final BrokerQuorum brokers;
  private final int[] gatewayPorts = {FreePorts.next(), FreePorts.next()};
  private final BeaconProcess[] gateways = new BeaconProcess[2];
  private final Map<String, Integer> ingestorPorts = new LinkedHashMap<>();
  private final Map<String, BeaconProcess> broadcasters = new LinkedHashMap<>();
  private final Map<String, BeaconProcess> ingestors = new LinkedHashMap<>();
  private int starts;

  private ClusterStack(Path dir, BrokerQuorum brokers) {
    this.dir = dir;
    this.brokers = brokers;
    INGESTORS.forEach(name -> ingestorPorts.put(name, FreePorts.next()));
  }

  static ClusterStack start(Path dir) {
    ClusterStack stack = new ClusterStack(dir, BrokerQuorum.start(dir.resolve("brokers")));
    try {
      // All at once, then wait for each: on a loaded 2-core machine a JVM start alone can take 20
      // s.
      BROADCASTERS.forEach(stack::launchBroadcaster);
      INGESTORS.forEach(stack::launchIngestor);
      stack.launchGateway(0);
      stack.launchGateway(1);
      BROADCASTERS.forEach(stack::awaitBroadcaster);
      INGESTORS.forEach(stack::awaitIngestor);
      stack.awaitGateway(0);
      stack.awaitGateway(1);
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  BrokerQuorum brokers() {
    return brokers;
  }

  List<Integer> gatewayPorts() {
    return List.of(gatewayPorts[0], gatewayPorts[1]);
  }

  Path database(String ingestor) {
    return dir.resolve("ingestor-" + ingestor).resolve("gps.db");
  }

  /** What the ingestors' read API accepts (BEACON_INGESTOR_READ_TOKEN). */
  static final String READ_TOKEN = "cluster-read-token-0123456789";

  String ingestorApi(String ingestor) {
    return "http://127.0.0.1:" + ingestorPorts.get(ingestor);
  }

  /**
   * The consumer group of ingestor {@code name}: each ingestor reads every fix into its own store.
   */
  static String ingestorGroup(String name) {
    return "beacon-ingestor-" + name;
  }

  /** The {@code transactional.id} of broadcaster {@code name}'s first producer. */
  static String transactionalId(String name) {
    return "beacon-broadcaster-" + name;
  }

  private Map<String, String> kafkaEnv() {
    // Six partitions spread the leaders over all three brokers; replication 3 and min.insync 2 come
    // on their own.
    return Map.of(
        "BEACON_KAFKA_BOOTSTRAP",
        brokers.bootstrap(),
        "BEACON_KAFKA_PARTITIONS",
        "6",
        "BEACON_ACK_TIMEOUT",
        "15s");
  }

  /** Starts broadcaster {@code name}; returns how long it took until it routes messages. */
  Duration startBroadcaster(String name) {
    long started = System.nanoTime();
    launchBroadcaster(name);
    awaitBroadcaster(name);
    return since(started);
  }

  private void launchBroadcaster(String name) {
    Map<String, String> env = new HashMap<>(kafkaEnv());
    env.put("BEACON_BROADCASTER_INSTANCE", name);
    broadcasters.put(name, start("broadcaster-" + name, env, "broadcaster"));
  }

  /**
   * A broadcaster gives up at start when it cannot list the topics in time; on a loaded 2-core
   * machine the brokers of a cluster just started can be that slow, so a broadcaster that exited is
   * started once more.
   */
  private void awaitBroadcaster(String name) {
    try {
      awaitStarted(name);
    } catch (AssertionError e) {
      if (broadcasters.get(name).isAlive()) {
        throw e;
      }
      launchBroadcaster(name);
      awaitStarted(name);
    }
  }

  private void awaitStarted(String broadcaster) {
    BeaconProcess process = broadcasters.get(broadcaster);
    Await.until(
        "broadcaster " + broadcaster + " to start",
        WAIT,
        () -> process.output().contains("broadcaster started") || !process.isAlive());
    assertThat(process.output())
        .as("broadcaster %s started (log in %s)", broadcaster, dir)
        .contains("broadcaster started");
  }

  Duration startIngestor(String name) {
    long started = System.nanoTime();
    launchIngestor(name);
    awaitIngestor(name);
    return since(started);
  }

  private void launchIngestor(String name) {
    Map<String, String> env = new HashMap<>(kafkaEnv());
    env.putAll(
        Map.of(
            "BEACON_DATA_DIR",
            dir.resolve("ingestor-" + name).toString(),
            "BEACON_INGESTOR_PORT",
            String.valueOf(ingestorPorts.get(name)),
            "BEACON_INGESTOR_HOST",
            "127.0.0.1",
            "BEACON_INGESTOR_GROUP",
            ingestorGroup(name),
            "BEACON_INGEST_BATCH_DELAY",
            "100ms",
            "BEACON_INGESTOR_READ_TOKEN",
            READ_TOKEN));
    ingestors.put(name, start("ingestor-" + name, env, "ingestor"));
  }

  private void awaitIngestor(String name) {
    ingestors.get(name).awaitHttpOk(ingestorApi(name) + "/ready", WAIT);
  }

  Duration startGateway(int i) {
    long started = System.nanoTime();
    launchGateway(i);
    awaitGateway(i);
    return since(started);
  }

  private void launchGateway(int i) {
    Map<String, String> env = new HashMap<>(kafkaEnv());
    env.putAll(
        Map.of(
            "BEACON_GATEWAY_PORT",
            String.valueOf(gatewayPorts[i]),
            "BEACON_GATEWAY_ID",
            "gw" + i,
            "BEACON_GATEWAY_INSTANCES",
            "1",
            "BEACON_GATEWAY_HOST",
            "127.0.0.1",
            "BEACON_DRAIN_READINESS_DELAY",
            "1s",
            "BEACON_DRAIN_WINDOW",
            "2s"));
    gateways[i] = start("gw" + i, env, "gateway");
  }

  /**
   * A gateway gives up at start when Kafka does not answer within three ack timeouts; on a 2-core
   * machine loaded by others a broker just restarted can be that slow, so a gateway that exited is
   * started once more.
   */
  private void awaitGateway(int i) {
    try {
      gateways[i].awaitHttpOk("http://127.0.0.1:" + gatewayPorts[i] + "/ready", WAIT);
    } catch (AssertionError e) {
      if (!e.getMessage().contains("process exited")) {
        throw e;
      }
      launchGateway(i);
      gateways[i].awaitHttpOk("http://127.0.0.1:" + gatewayPorts[i] + "/ready", WAIT);
    }
  }

  BeaconProcess gateway(int i) {
    return gateways[i];
  }

  BeaconProcess broadcaster(String name) {
    return broadcasters.get(name);
  }

  BeaconProcess ingestor(String name) {
    return ingestors.get(name);
  }

  /**
   * Sends {@code signal} (STOP, CONT, ...) to {@code process}: the JDK only sends TERM and KILL.
   */
  static void signal(BeaconProcess process, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
              .inheritIO()
              .start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private BeaconProcess start(String name, Map<String, String> env, String command) {
    starts++;
    return BeaconProcess.startWithJvmOptions(
        dir.resolve(name + "-" + starts + ".log"), env, List.of("-Xmx384m"), command);
  }

  @Override
  public void close() {
    for (BeaconProcess gateway : gateways) {
      if (gateway != null) {
        gateway.close();
      }
    }
    ingestors.values().forEach(BeaconProcess::close);
    broadcasters.values().forEach(BeaconProcess::close);
    brokers.close();
  }
}
