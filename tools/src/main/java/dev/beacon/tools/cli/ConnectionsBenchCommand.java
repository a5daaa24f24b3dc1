package dev.beacon.tools.cli;

import dev.beacon.tools.bench.WebSocketEndpoint;
import dev.beacon.tools.bench.conditions.BenchConditions;
import dev.beacon.tools.bench.connections.ConnectionsBench;
import dev.beacon.tools.bench.connections.ConnectionsConfig;
import dev.beacon.tools.bench.connections.ConnectionsStep;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beacon bench connections}: what an idle connection costs, and a broadcast to all of them.
 */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = {
      "Connections benchmark: opens idle /chat connections in steps (each subscribes to one of R "
          + "rooms), bound to several loopback source addresses, and at each step reports the connect rate, the "
          + "gateways' heap after a full GC, RSS and native (Netty direct) memory per connection, the broadcaster's "
          + "heap per connection (presence), and the delay until a broadcast reaches every connection (p50/p99/max).",
      "Without --url it starts an embedded broker in this JVM and the broadcaster and --gateways gateways as "
          + "child processes of this jar (native memory tracking on), in a temporary directory deleted afterwards.",
      "With --url it measures any server speaking the /chat subset (welcome, subscribe, broadcast), e.g. "
          + "distribution/bench-node/ws-broadcast.mjs; --peer-pid gives the server's PID for its RSS.",
      "The connections are held by --client-processes worker processes of this jar (one process holds at most "
          + "20,000 open files here; by default one per 15,000 connections of the largest step), which report "
          + "their connect times and broadcast receipts to this one."
    })
public final class ConnectionsBenchCommand implements Callable<Integer> {

  @Mixin BenchConditionsOptions conditionsOptions;

  @Option(
      names = "--url",
      split = ",",
      description =
          "/chat URL(s) of running servers, connections spread "
              + "round-robin (default: start my own stack).")
  List<URI> urls;

  @Option(
      names = "--gateways",
      defaultValue = "1",
      description = "Gateway processes to start (default ${DEFAULT-VALUE}).")
  int gateways;

  @Option(
      names = "--connections",
      split = ",",
      defaultValue = "1000,5000",
      description =
          "Connection counts to step through, e.g. 1000,5000,15000 (default ${DEFAULT-VALUE}).")
  List<Integer> steps;

  @Option(
      names = "--rooms",
      defaultValue = "100",
      description = "Rooms the connections spread over (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(
      names = "--source-addresses",
      defaultValue = "8",
      description =
          "Loopback source addresses to bind, from 127.0.1.1 up (default ${DEFAULT-VALUE}).")
  int sourceAddresses;

  @Option(
      names = "--window",
      defaultValue = "256",
      description = "Handshakes in flight at once per client process (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--broadcasts",
      defaultValue = "5",
      description = "Broadcasts timed per step (default ${DEFAULT-VALUE}).")
  int broadcasts;

  @Option(
      names = "--deflate",
      description = "Offer permessage-deflate, as browsers do (default: off).")
  boolean deflate;

  @Option(
      names = "--peer-pid",
      defaultValue = "0",
      description = "PID of the --url server, to read its RSS.")
  long peerPid;

  @Option(
      names = "--gateway-jvm",
      split = " ",
      defaultValue = "-Xmx2g",
      description = "JVM options of the gateways started here (default ${DEFAULT-VALUE}).")
  List<String> gatewayJvm;

  @Option(
      names = "--histogram",
      description = "Print the first gateway's heap growth by class per connection.")
  boolean histogram;

  @Option(
      names = "--client-processes",
      defaultValue = "0",
      description =
          "Client processes holding the "
              + "connections (default ${DEFAULT-VALUE}: one per 15,000 connections of the largest step).")
  int clientProcesses;

  @Option(
      names = "--client-event-loops",
      defaultValue = "2",
      description = "Event loops per client process (default ${DEFAULT-VALUE}).")
  int clientEventLoops;

  @Option(
      names = "--client-jvm",
      split = " ",
      defaultValue = "-Xmx1g -XX:+UseSerialGC",
      description = "JVM options of the client processes (default ${DEFAULT-VALUE}).")
  List<String> clientJvm;

  @Option(
      names = "--client-lifetime",
      defaultValue = "7200",
      description =
          "Seconds after which a client process exits by itself (default ${DEFAULT-VALUE}).")
  long clientLifetime;

  @Override
  public Integer call() throws Exception {
    BenchConditions conditions = conditionsOptions.start(System.out);
    int exit = runBench(conditions);
    conditions.finish(System.out);
    return exit;
  }

  private int runBench(BenchConditions conditions) throws Exception {
    List<URI> targets = urls == null ? List.of() : urls;
    targets.forEach(WebSocketEndpoint::requireWebSocketUri);
    ConnectionsConfig config =
        new ConnectionsConfig(
            targets,
            gateways,
            steps,
            rooms,
            sourceAddresses,
            window,
            broadcasts,
            deflate,
            peerPid,
            gatewayJvm,
            histogram,
            clientProcesses,
            clientEventLoops,
            clientJvm,
            clientLifetime);
    Path dir = Files.createTempDirectory("beacon-bench-connections");
    try {
      ConnectionsBench bench = new ConnectionsBench(config, System.out, dir);
      List<ConnectionsStep> steps = bench.run();
      System.out.println();
      System.out.println(ConnectionsStep.markdownHeader());
      steps.forEach(step -> System.out.println(step.markdownRow(bench.label())));
      String busy = conditions.tableRow();
      if (!busy.isEmpty()) {
        System.out.println(busy);
      }
      return 0;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
