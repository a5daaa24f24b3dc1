package dev.beacon.infra.bench.connections;

import dev.beacon.server.Blocking;
import dev.beacon.infra.bench.LatencySummary;
import dev.beacon.infra.kafka.EmbeddedKafka;
import dev.beacon.infra.kafka.KafkaBrokerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.beacon.infra.bench.ChildServices;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code beacon bench connections}: opens idle {@code /chat} connections in steps and, at each step, measures
 * what one connection costs the gateways (heap after a full GC, RSS, native memory) and the broadcaster
 * (presence), and how long a broadcast takes to reach every connection.
 */
public final class ConnectionsBench {

  private static final Duration BROADCAST_WAIT = Duration.ofSeconds(60);

  private final ConnectionsConfig config;
  private final PrintStream out;
  private final Path workDir;

  public ConnectionsBench(ConnectionsConfig config, PrintStream out, Path workDir) {
    this.config = config;
    this.out = out;
    this.workDir = workDir;
  }

  /** Runs every step; returns the markdown rows, one per step. */
  public List<String> run() throws Exception {
    if (!config.ownStack()) {
      List<Long> pids = config.peerPid() > 0 ? List.of(config.peerPid()) : List.of();
      return measure(config.urls(), pids, 0, config.urls().get(0).getHost() + ":" + config.urls().get(0).getPort());
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(workDir.resolve("kafka")));
        ChildServices services = new ChildServices(workDir, kafka.bootstrap(), config.gatewayJvm())) {
      long broadcaster = services.broadcaster().pid();
      List<URI> urls = new ArrayList<>();
      List<Long> gateways = new ArrayList<>();
      for (int g = 0; g < config.gateways(); g++) {
        int port = ChildServices.freePort();
        gateways.add(services.gateway("gw-" + (g + 1), port, Map.of()).pid());
        urls.add(URI.create("ws://127.0.0.1:" + port + "/chat"));
        out.printf("gateway gw-%d on %s (pid %d)%n", g + 1, urls.get(g), gateways.get(g));
      }
      return measure(urls, gateways, broadcaster, "Beacon, " + config.gateways() + " gateway(s)");
    }
  }

  private List<String> measure(List<URI> urls, List<Long> serverPids, long broadcasterPid, String label)
      throws Exception {
    int most = config.steps().get(config.steps().size() - 1);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<String> rows = new ArrayList<>();
    try (ConnectionPool pool = new ConnectionPool(vertx, urls, config.sourceAddresses(), most, config.deflate())) {
      ProcessMemory serverBefore = memory(serverPids);
      ProcessMemory broadcasterBefore = broadcasterPid > 0 ? ProcessMemory.ofJvm(broadcasterPid) : null;
      ClassHistogram histogramBefore = config.histogram() ? ClassHistogram.of(serverPids.get(0)) : null;
      WebSocket announcer = announcer(vertx, urls.get(0));
      long seq = 0;
      for (int step : config.steps()) {
        int toOpen = step - pool.open() - (int) pool.refused();
        double seconds = pool.open(Math.max(0, toOpen), config.rooms(), config.window());
        int open = pool.open();
        out.printf("%,d connections open (%d refused%s) in %.1f s%n", open, pool.refused(),
            pool.firstRefusal() == null ? "" : ", first: " + pool.firstRefusal(), seconds);
        ProcessMemory server = memory(serverPids).perConnection(serverBefore, open);
        ProcessMemory broadcaster = broadcasterPid > 0
            ? ProcessMemory.ofJvm(broadcasterPid).perConnection(broadcasterBefore, open) : null;
        out.printf("per connection: gateways %s%s%n", server.describeKb(),
            broadcaster == null ? "" : "; broadcaster heap " + ProcessMemory.kb(broadcaster.heapAfterGcBytes()));
        if (histogramBefore != null) {
          printGrowth(histogramBefore, ClassHistogram.of(serverPids.get(0)), open / serverPids.size());
        }
        pool.takeLatencies();
        long missing = 0;
        for (int b = 0; b < config.broadcasts(); b++) {
          seq++;
          missing += broadcast(announcer, pool, seq, open);
        }
        Histogram latencies = pool.takeLatencies();
        ConnectionsStep result = new ConnectionsStep(open, Math.max(0, toOpen) / Math.max(seconds, 1e-9),
            pool.refused(), server, broadcaster, LatencySummary.of(latencies), missing);
        rows.add(result.markdownRow(label));
        out.println(ConnectionsStep.markdownHeader());
        out.println(rows.get(rows.size() - 1));
      }
      announcer.close();
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop the benchmark clients");
    }
    return rows;
  }

  private void printGrowth(ClassHistogram before, ClassHistogram after, long connectionsOnFirst) {
    out.printf("heap growth of the first server per connection, by class (%,d connections):%n", connectionsOnFirst);
    out.println("| class | instances/conn | bytes/conn |\n|---|---|---|");
    after.growthPerConnection(before, connectionsOnFirst, 25).forEach(out::println);
  }

  /** Sends broadcast {@code seq} and waits until every open connection has it; returns how many never did. */
  private long broadcast(WebSocket announcer, ConnectionPool pool, long seq, int open) throws InterruptedException {
    announcer.writeTextMessage(new JsonObject().put("type", "broadcast").put("from", "bench")
        .put("message", ConnectionPool.broadcastText(seq)).encode());
    long end = System.nanoTime() + BROADCAST_WAIT.toNanos();
    while (pool.received(seq) < open && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    return Math.max(0, open - pool.received(seq));
  }

  private static WebSocket announcer(Vertx vertx, URI url) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
    return Blocking.await(client.connect(new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort())
        .setURI(url.getPath())), "connect the broadcasting client to " + url);
  }

  private static ProcessMemory memory(List<Long> pids) {
    ProcessMemory total = ProcessMemory.zero();
    for (long pid : pids) {
      total = total.plus(isJvm(pid) ? ProcessMemory.ofJvm(pid) : ProcessMemory.ofProcess(pid));
    }
    return total;
  }

  private static boolean isJvm(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.endsWith("java")).orElse(false);
  }
}
