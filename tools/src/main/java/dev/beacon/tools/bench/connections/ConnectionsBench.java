package dev.beacon.tools.bench.connections;

import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.server.Blocking;
import dev.beacon.tools.bench.ChildServices;
import dev.beacon.tools.bench.LatencySummary;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@code beacon bench connections}: opens idle {@code /chat} connections in steps from K client
 * worker processes and, at each step, measures what one connection costs the gateways (heap after a
 * full GC, RSS, native memory) and the broadcaster (presence), how fast connections open, and how
 * long a broadcast takes to reach every connection.
 */
public final class ConnectionsBench {

  private static final Duration BROADCAST_WAIT = Duration.ofSeconds(60);
  private static final Duration OPEN_WAIT = Duration.ofMinutes(30);
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

  private final ConnectionsConfig config;
  private final PrintStream out;
  private final Path workDir;

  public ConnectionsBench(ConnectionsConfig config, PrintStream out, Path workDir) {
    this.config = config;
    this.out = out;
    this.workDir = workDir;
  }

  /** Runs every step; returns the figures, one per step. */
  public List<ConnectionsStep> run() throws Exception {
    if (!config.ownStack()) {
      List<Long> pids = config.peerPid() > 0 ? List.of(config.peerPid()) : List.of();
      return measure(new Servers(config.urls(), pids, 0));
    }
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(workDir.resolve("kafka")));
        ChildServices services =
            new ChildServices(workDir, kafka.bootstrap(), config.gatewayJvm())) {
      long broadcaster = services.broadcaster().pid();
      List<URI> urls = new ArrayList<>();
      List<Long> gateways = new ArrayList<>();
      for (int g = 0; g < config.gateways(); g++) {
        int port = ChildServices.freePort();
        gateways.add(services.gateway("gw-" + (g + 1), port, Map.of()).pid());
        urls.add(URI.create("ws://127.0.0.1:" + port + "/chat"));
        out.printf("gateway gw-%d on %s (pid %d)%n", g + 1, urls.get(g), gateways.get(g));
      }
      return measure(new Servers(urls, gateways, broadcaster));
    }
  }

  /**
   * The servers under test: their URLs, the PIDs whose memory to read, the broadcaster's PID or 0.
   */
  private record Servers(List<URI> urls, List<Long> pids, long broadcasterPid) {}

  /**
   * The servers' figures before the first connection, which every step's per-connection figures
   * count from.
   */
  private record Baseline(
      List<ProcessMemory> servers, ProcessMemory broadcaster, ClassHistogram histogram) {}

  private List<ConnectionsStep> measure(Servers servers) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    List<ConnectionsStep> steps = new ArrayList<>();
    try (ClientWorkers clients =
            new ClientWorkers(workerSpecs(servers), config.clientJvm(), workDir);
        Announcer announcer = new Announcer(vertx, servers.urls().get(0))) {
      clients.awaitReady();
      out.printf(
          "%d client process(es), %d event loop(s) and %d handshakes in flight each, %d source address(es),"
              + " %d target(s); logs in %s%n",
          clients.size(),
          config.clientEventLoops(),
          config.window(),
          config.sourceAddresses(),
          servers.urls().size(),
          workDir);
      Baseline baseline =
          new Baseline(
              memory(servers.pids()),
              servers.broadcasterPid() > 0 ? ProcessMemory.ofJvm(servers.broadcasterPid()) : null,
              config.histogram() ? ClassHistogram.of(servers.pids().get(0)) : null);
      long attempted = 0;
      long clientCpu = 0;
      for (int target : config.steps()) {
        Opening opening = open(clients, (int) Math.max(0, target - attempted), clientCpu);
        attempted = Math.max(attempted, target);
        clientCpu = opening.clientCpuMillis();
        steps.add(
            step(
                servers,
                baseline,
                clients,
                announcer,
                opening,
                (long) steps.size() * config.broadcasts()));
        out.println(ConnectionsStep.markdownHeader());
        out.println(steps.get(steps.size() - 1).markdownRow(label()));
      }
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop the broadcasting client");
    }
    return steps;
  }

  private List<WorkerSpec> workerSpecs(Servers servers) {
    int processes = config.clientProcessCount();
    List<WorkerSpec> specs = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      specs.add(
          new WorkerSpec(
              i,
              processes,
              servers.urls(),
              config.sourceAddresses(),
              config.rooms(),
              config.window(),
              config.deflate(),
              config.clientEventLoops(),
              config.clientLifetimeSeconds()));
    }
    return specs;
  }

  /** The memory figures and broadcasts of one step, once its connections are open. */
  private ConnectionsStep step(
      Servers servers,
      Baseline baseline,
      ClientWorkers clients,
      Announcer announcer,
      Opening opening,
      long lastSeq)
      throws InterruptedException {
    int open = opening.open();
    List<ProcessMemory> server = memory(servers.pids());
    ProcessMemory perConnection =
        ProcessMemory.sum(server).perConnection(ProcessMemory.sum(baseline.servers()), open);
    printMemory(servers, baseline.servers(), server, perConnection, open);
    ProcessMemory broadcaster =
        baseline.broadcaster() == null
            ? null
            : ProcessMemory.ofJvm(servers.broadcasterPid())
                .perConnection(baseline.broadcaster(), open);
    if (broadcaster != null) {
      out.printf(
          "broadcaster heap per connection: %s%n",
          ProcessMemory.kb(broadcaster.heapAfterGcBytes()));
    }
    if (baseline.histogram() != null) {
      printGrowth(
          baseline.histogram(),
          ClassHistogram.of(servers.pids().get(0)),
          open / servers.pids().size());
    }
    Histogram delays = new Histogram(3);
    long missing = 0;
    for (int b = 1; b <= config.broadcasts(); b++) {
      missing += broadcast(clients, announcer, lastSeq + b, open, delays);
    }
    return new ConnectionsStep(
        open,
        opening.rate(),
        opening.connect(),
        opening.refused(),
        opening.dropped(),
        perConnection,
        broadcaster,
        LatencySummary.of(delays),
        missing);
  }

  /** What the client processes reported after opening one step's connections. */
  private record Opening(
      int open,
      double rate,
      LatencySummary connect,
      long refused,
      long dropped,
      long clientCpuMillis) {}

  private Opening open(ClientWorkers clients, int count, long clientCpuBefore) {
    int k = clients.size();
    List<JsonObject> answers =
        clients.ask(
            i ->
                new JsonObject()
                    .put("cmd", "open")
                    .put("count", count / k + (i < count % k ? 1 : 0)),
            "opened",
            OPEN_WAIT);
    double seconds = answers.stream().mapToDouble(a -> a.getDouble("seconds")).max().orElse(0);
    Histogram connect = new Histogram(3);
    Map<String, Long> refusals = new TreeMap<>();
    int open = 0;
    long refused = 0;
    long dropped = 0;
    long clientCpu = answers.stream().mapToLong(a -> a.getLong("cpuMillis")).sum();
    for (JsonObject a : answers) {
      connect.add(HistogramText.decode(a.getString("connect")));
      a.getJsonObject("refusals")
          .forEach(e -> refusals.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum));
      open += a.getInteger("open");
      refused += a.getLong("refused");
      dropped += a.getLong("dropped");
    }
    double rate = count / Math.max(seconds, 1e-9);
    LatencySummary connects = LatencySummary.of(connect);
    out.printf(
        "%,d connections open, %,d refused, %,d dropped so far; %,d opened in %.1f s (%,.0f/s), one connect"
            + " p50 %s ms, p99 %s ms, max %s ms%n",
        open,
        refused,
        dropped,
        count,
        seconds,
        rate,
        LatencySummary.format(connects.p50Ms()),
        LatencySummary.format(connects.p99Ms()),
        LatencySummary.format(connects.maxMs()));
    refusals.forEach((reason, n) -> out.printf("  refused %,d x: %s%n", n, reason));
    out.printf(
        "client processes' CPU while opening (the first step includes their start-up): %,d ms, %.2f ms per"
            + " connection%n",
        clientCpu - clientCpuBefore, (clientCpu - clientCpuBefore) / (double) Math.max(count, 1));
    return new Opening(open, rate, connects, refused, dropped, clientCpu);
  }

  /**
   * Sends broadcast {@code seq}, waits until every open connection has it (or {@link
   * #BROADCAST_WAIT}), adds the delays to {@code delays} and returns how many connections never got
   * it.
   */
  private long broadcast(
      ClientWorkers clients, Announcer announcer, long seq, int open, Histogram delays)
      throws InterruptedException {
    try {
      announcer.send(seq);
    } catch (IllegalStateException e) {
      out.printf("broadcast %d: %s%n", seq, e.getMessage());
      return open;
    }
    long end = System.nanoTime() + BROADCAST_WAIT.toNanos();
    List<JsonObject> answers = receipts(clients, seq);
    while (received(answers) < open && System.nanoTime() < end) {
      Thread.sleep(100);
      answers = receipts(clients, seq);
    }
    Histogram each = new Histogram(3);
    answers.forEach(a -> each.add(HistogramText.decode(a.getString("latency"))));
    delays.add(each);
    long missing = Math.max(0, open - received(answers));
    LatencySummary summary = LatencySummary.of(each);
    out.printf(
        "broadcast %d reached %,d of %,d connections: p50 %s ms, p99 %s ms, max %s ms; %,d missing%n",
        seq,
        received(answers),
        open,
        LatencySummary.format(summary.p50Ms()),
        LatencySummary.format(summary.p99Ms()),
        LatencySummary.format(summary.maxMs()),
        missing);
    return missing;
  }

  private static List<JsonObject> receipts(ClientWorkers clients, long seq) {
    return clients.ask(
        i -> new JsonObject().put("cmd", "receipts").put("seq", seq), "receipts", ANSWER_WAIT);
  }

  private static long received(List<JsonObject> answers) {
    return answers.stream().mapToLong(a -> a.getLong("received")).sum();
  }

  private void printMemory(
      Servers servers,
      List<ProcessMemory> before,
      List<ProcessMemory> now,
      ProcessMemory perConnection,
      int open) {
    out.printf("per connection, all servers: %s%n", perConnection.describeKb());
    if (servers.pids().size() > 1) {
      long each = open / servers.pids().size();
      for (int i = 0; i < servers.pids().size(); i++) {
        out.printf(
            "  server %d (pid %d), ~%,d connections: %s%n",
            i + 1,
            servers.pids().get(i),
            each,
            now.get(i).perConnection(before.get(i), each).describeKb());
      }
    }
  }

  private void printGrowth(ClassHistogram before, ClassHistogram after, long connectionsOnFirst) {
    out.printf(
        "heap growth of the first server per connection, by class (%,d connections):%n",
        connectionsOnFirst);
    out.println("| class | instances/conn | bytes/conn |\n|---|---|---|");
    after.growthPerConnection(before, connectionsOnFirst, 25).forEach(out::println);
  }

  /** The server column of the result rows. */
  public String label() {
    return config.ownStack()
        ? "Beacon, " + config.gateways() + " gateway(s)"
        : config.urls().get(0).getHost() + ":" + config.urls().get(0).getPort();
  }

  private static List<ProcessMemory> memory(List<Long> pids) {
    return pids.stream()
        .map(pid -> isJvm(pid) ? ProcessMemory.ofJvm(pid) : ProcessMemory.ofProcess(pid))
        .toList();
  }

  private static boolean isJvm(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().command())
        .map(c -> c.endsWith("java"))
        .orElse(false);
  }
}
