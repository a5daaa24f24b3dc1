package dev.beacon.infra.cli;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.common.kafka.KafkaSettings;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.infra.Blocking;
import dev.beacon.infra.LocalStack;
import dev.beacon.infra.bench.WebSocketEndpoint;
import dev.beacon.infra.bench.fanout.FanoutConfig;
import dev.beacon.infra.bench.fanout.FanoutLoad;
import dev.beacon.infra.bench.fanout.FanoutResult;
import dev.beacon.infra.kafka.KafkaBrokerConfig;
import dev.beacon.ingestor.IngestorConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beacon bench fanout}: publishers chat into one room that every subscriber is in, spread over several
 * gateways; reports deliveries/s, delivery latency and missing/duplicate deliveries.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = {"Room fan-out benchmark: P publishers send paced chat messages into one room that S subscribers, "
        + "spread round-robin over the gateways, are all in. Reports deliveries/s (messages received by all "
        + "subscribers per second), latency p50/p99/p999/max, and missing/duplicate deliveries per subscriber.",
        "Latency is receive System.nanoTime() minus the publisher's due-time stamp carried in the content, so "
            + "publishers and subscribers must be in this one process (they are: this command is both).",
        "Without --url it starts its own embedded broker, broadcaster, ingestor and TWO gateways in this JVM, in a "
            + "temporary directory that is deleted afterwards (everything on one machine).",
        "Also works against any server speaking the same subset of the /chat protocol (welcome, subscribe -> "
            + "subscribed, chat to a room), e.g. infra/bench-node/ws-broadcast.mjs."})
public final class FanoutBenchCommand implements Callable<Integer> {

  @Option(names = "--url", split = ",", description = "Gateway /chat URL(s), repeated or comma-separated, e.g. "
      + "ws://127.0.0.1:8080/chat; connections are spread round-robin (default: an in-process stack with two gateways).")
  List<URI> urls;

  @Option(names = "--room", defaultValue = "bench", description = "Room (default ${DEFAULT-VALUE}).")
  String room;

  @Option(names = "--publishers", defaultValue = "4", description = "Publisher connections (default ${DEFAULT-VALUE}).")
  int publishers;

  @Option(names = "--subscribers", defaultValue = "200", description = "Subscriber connections (default ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(names = "--rate", defaultValue = "1000", description = "Chat messages/s over all publishers, open loop "
      + "(default ${DEFAULT-VALUE}); ignored with --rate-steps.")
  int rate;

  @Option(names = "--rate-steps", split = ",", description = "Several rates, one run each, e.g. 250,1000,2000.")
  List<Integer> rateSteps;

  @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
      description = "Measured time of each run, after the warm-up (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Time sent but excluded from the figures at the start of each run (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--drain", defaultValue = "5s", converter = DurationConverter.class,
      description = "At most this long after the last send for deliveries to arrive (default ${DEFAULT-VALUE}).")
  Duration drain;

  @Override
  public Integer call() throws IOException {
    if (urls != null && !urls.isEmpty()) {
      urls.forEach(WebSocketEndpoint::requireWebSocketUri);
      return runAll(urls, String.join(" + ", urls.stream().map(URI::toString).toList()));
    }
    Path dir = Files.createTempDirectory("beacon-bench-fanout");
    try {
      System.out.printf("starting an in-process stack with two gateways in %s (%d cores)%n", dir,
          Runtime.getRuntime().availableProcessors());
      try (LocalStack stack = LocalStack.start(KafkaBrokerConfig.onFreePorts(dir), KafkaSettings::defaults,
          GatewayConfig.defaults().withPort(0).withGatewayId("gw-1"), new IngestorConfig(dir, "127.0.0.1", 0,
              IngestorConfig.DEFAULT_BATCH_MAX_ROWS, IngestorConfig.DEFAULT_BATCH_MAX_DELAY, "beacon-ingestor", false),
          BroadcasterConfig.defaults())) {
        Gateway second = Blocking.await(Gateway.deploy(stack.vertx(),
            GatewayConfig.defaults().withPort(0).withGatewayId("gw-2"), stack.kafkaSettings()), "start gateway gw-2");
        try {
          List<URI> local = List.of(URI.create("ws://127.0.0.1:" + stack.gateway().port() + "/chat"),
              URI.create("ws://127.0.0.1:" + second.port() + "/chat"));
          return runAll(local, "Beacon in-process, 2 gateways");
        } finally {
          Blocking.awaitQuietly(second.close(), "stop gateway gw-2");
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private int runAll(List<URI> targets, String label) {
    List<Integer> rates = rateSteps == null || rateSteps.isEmpty() ? List.of(rate) : rateSteps;
    List<String> rows = new ArrayList<>();
    for (int r : rates) {
      FanoutConfig config = new FanoutConfig(targets, room, publishers, subscribers, r, duration, warmup, drain);
      System.out.printf("%n== %s: %d publishers -> room %s -> %d subscribers, %,d msgs/s (%,d deliveries/s target), "
          + "%d s + %d s warm-up%n", label, publishers, room, subscribers, r, (long) r * subscribers, duration.toSeconds(), warmup.toSeconds());
      dev.beacon.infra.bench.HopLatencies hops = new dev.beacon.infra.bench.HopLatencies(List.of());
      dev.beacon.infra.bench.HopLatencies.Snapshot before = hops.snapshot();
      FanoutResult result = new FanoutLoad(config, System.out).run();
      System.out.println(result.summary());
      System.out.println(dev.beacon.infra.bench.HopLatencies.table(before, hops.snapshot()));
      rows.add("| " + label + " " + result.markdownRow());
    }
    System.out.println();
    System.out.println(FanoutResult.markdownHeader());
    rows.forEach(System.out::println);
    return 0;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
