package dev.beacon.tools.cli;

import dev.beacon.server.cli.DurationConverter;
import dev.beacon.tools.bench.WebSocketEndpoint;
import dev.beacon.tools.bench.charts.ResultFiles;
import dev.beacon.tools.bench.conditions.BenchConditions;
import dev.beacon.tools.bench.fanout.ChatPayload;
import dev.beacon.tools.bench.fanout.FanoutScenario;
import dev.beacon.tools.bench.fanout.FanoutSettings;
import dev.beacon.tools.bench.fanout.GeneratorProcess;
import dev.beacon.tools.bench.fanout.InProcessStack;
import dev.beacon.tools.bench.fanout.MetricsUrls;
import dev.beacon.tools.bench.fanout.ScenarioRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code beacon bench fanout}: the fan-out scenarios of issue 9 (one room, a big room, many small
 * rooms, live GPS), against an in-process stack with a load generator in a child JVM, or against
 * running gateways.
 */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fan-out benchmark scenarios (--scenario):",
      "  room        P publishers -> one room -> S subscribers, at --rate / --rate-steps, or --saturate",
      "  big-room    one room of 10,000 subscribers, 10 messages/s: latency of every delivery and time until the "
          + "last member has each message",
      "  many-rooms  5,000 rooms of 4 members, 1,000 messages/s to random rooms; the 20,000 memberships are spread "
          + "over 1,000 subscriber connections (20 rooms each), as 20,000 connections would pass the 20,000 open "
          + "files one gateway process may hold",
      "  gps         10,000 devices at 1 fix/s (CSV on /ws, one in flight), 200 followers of gps:* and 1,000 of one "
          + "device each: latency from the device's frame to the follower's receipt",
      "  all         each of them in turn",
      "Each run prints deliveries/s, latency p50/p99/p999/max, missing/duplicate deliveries, a verdict line and the "
          + "servers' per-hop p50/p99 table (beacon_fanout_hop_seconds) over its measured window.",
      "Without --url: an embedded broker, broadcaster, ingestor and TWO gateways run in this JVM, and the load "
          + "generator runs in a child JVM (--generator process) so that the server's figures are not the "
          + "generator's; --generator inline keeps both in this JVM.",
      "It prints the machine's conditions (UTC time, load average, CPUs, commit) at its start and end, with a "
          + "BUSY MACHINE row in the tables above --max-load (--require-idle refuses to run), and writes each "
          + "run's latency percentiles (.hgrm) and an SVG chart of them into --out. --payload json sends chat "
          + "messages with a data object (issue 21) instead of content text.",
      "Latency stamps are System.nanoTime() of the generator's process, where publishers/devices and "
          + "subscribers/followers all live. Works against any server speaking the /chat subset used (welcome, "
          + "subscribe -> subscribed, chat to a room), e.g. distribution/bench-node/ws-broadcast.mjs (not gps)."
    })
public final class FanoutBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BenchConditionsOptions conditionsOptions;

  @Option(
      names = "--scenario",
      defaultValue = "room",
      description = "room, big-room, many-rooms, gps or all (default ${DEFAULT-VALUE}).")
  String scenario;

  @Option(
      names = "--url",
      split = ",",
      description =
          "Gateway /chat URL(s), repeated or comma-separated, e.g. "
              + "ws://127.0.0.1:8080/chat,ws://127.0.0.1:8082/chat; connections are spread round-robin, devices use /ws on the "
              + "same host:port (default: an in-process stack with two gateways).")
  List<URI> urls;

  @Option(
      names = "--metrics-url",
      split = ",",
      description =
          "The servers' /metrics URL(s) for the per-hop table, "
              + "with --url (default: /metrics on the host:port of each --url).")
  List<URI> metricsUrls;

  @Option(
      names = "--generator",
      defaultValue = "process",
      description =
          "Without --url: 'process' runs the load "
              + "generator in a child JVM, 'inline' in this one (default ${DEFAULT-VALUE}).")
  String generator;

  @Option(
      names = "--label",
      description =
          "Names the servers in the tables, file names and chart legends, e.g. 'Node ws + Redis' "
              + "(default: the URLs, or Beacon's for the in-process stack).")
  String label;

  @Option(
      names = "--payload",
      defaultValue = "text",
      description =
          "What the chat messages carry: 'text' (a content string) or 'json' (a data object, issue 21) "
              + "(default ${DEFAULT-VALUE}).")
  String payload;

  @Option(
      names = "--payload-size",
      defaultValue = "0",
      description =
          "Size of each message's payload in bytes (the content string or the data object), padded "
              + "around the latency stamp, e.g. 100 or 4096 (default ${DEFAULT-VALUE}: the stamp alone).")
  int payloadSize;

  @Option(
      names = "--out",
      description =
          "Directory for each run's latency percentiles (<run>.<system>.hgrm, HdrHistogram's "
              + "percentile output) and chart (<run>.svg, every system whose .hgrm is there side by side) "
              + "(default: bench-results/<UTC date>-<scenario>).")
  Path out;

  @Option(
      names = "--exit-with",
      hidden = true,
      description = "Stop when this process id ends (set for the child).")
  Long exitWith;

  @Option(
      names = "--room",
      defaultValue = "bench",
      description = "room: the room (default ${DEFAULT-VALUE}).")
  String room;

  @Option(
      names = "--publishers",
      defaultValue = "4",
      description = "room: publishers (default ${DEFAULT-VALUE}).")
  int publishers;

  @Option(
      names = "--subscribers",
      defaultValue = "200",
      description = "room: subscribers (default ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description =
          "room: chat messages/s over all publishers, open "
              + "loop (default ${DEFAULT-VALUE}); ignored with --rate-steps.")
  int rate;

  @Option(
      names = "--rate-steps",
      split = ",",
      description = "room: several rates, one run each, e.g. 20,100,250,500.")
  List<Integer> rateSteps;

  @Option(
      names = "--saturate",
      description =
          "room: raise the rate from --saturate-start by --saturate-factor each "
              + "step until deliveries/s stop rising (< 5%% more than the best), p99 passes --saturate-max-p99, anything is "
              + "missing or duplicated, or --saturate-steps ran; reports the best step.")
  boolean saturate;

  @Option(
      names = "--saturate-start",
      defaultValue = "20",
      description = "msgs/s of the first step (default ${DEFAULT-VALUE}).")
  int saturateStart;

  @Option(
      names = "--saturate-factor",
      defaultValue = "1.5",
      description = "Rate multiplier per step (default ${DEFAULT-VALUE}).")
  double saturateFactor;

  @Option(
      names = "--saturate-steps",
      defaultValue = "12",
      description = "At most this many steps (default ${DEFAULT-VALUE}).")
  int saturateSteps;

  @Option(
      names = "--saturate-max-p99",
      defaultValue = "250ms",
      converter = DurationConverter.class,
      description = "A step with a higher delivery p99 ends the search (default ${DEFAULT-VALUE}).")
  Duration saturateMaxP99;

  @Option(
      names = "--big-room-subscribers",
      defaultValue = "10000",
      description = "big-room: subscribers (default ${DEFAULT-VALUE}).")
  int bigRoomSubscribers;

  @Option(
      names = "--big-room-rate",
      defaultValue = "10",
      description = "big-room: msgs/s (default ${DEFAULT-VALUE}).")
  int bigRoomRate;

  @Option(
      names = "--big-room-publishers",
      defaultValue = "1",
      description = "big-room: publishers (default ${DEFAULT-VALUE}).")
  int bigRoomPublishers;

  @Option(
      names = "--rooms",
      defaultValue = "5000",
      description = "many-rooms: rooms (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(
      names = "--members",
      defaultValue = "4",
      description = "many-rooms: members per room (default ${DEFAULT-VALUE}).")
  int members;

  @Option(
      names = "--member-connections",
      defaultValue = "1000",
      description =
          "many-rooms: subscriber connections "
              + "the memberships are spread over (default ${DEFAULT-VALUE}, i.e. 20 rooms each).")
  int memberConnections;

  @Option(
      names = "--many-rooms-rate",
      defaultValue = "1000",
      description = "many-rooms: msgs/s to random rooms (default ${DEFAULT-VALUE}).")
  int manyRoomsRate;

  @Option(
      names = "--many-rooms-publishers",
      defaultValue = "4",
      description = "many-rooms: publishers (default ${DEFAULT-VALUE}).")
  int manyRoomsPublishers;

  @Option(
      names = "--devices",
      defaultValue = "10000",
      description = "gps: device connections (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--fixes-per-second",
      defaultValue = "1",
      description = "gps: fixes per device per second (default ${DEFAULT-VALUE}).")
  int fixesPerSecond;

  @Option(
      names = "--all-followers",
      defaultValue = "200",
      description = "gps: followers of gps:* (default ${DEFAULT-VALUE}).")
  int allFollowers;

  @Option(
      names = "--device-followers",
      defaultValue = "1000",
      description =
          "gps: followers of one device each, "
              + "spread evenly over the devices (default ${DEFAULT-VALUE}).")
  int deviceFollowers;

  @Option(
      names = "--duration",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Measured time of each run, after the warm-up (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Time sent but excluded from the figures at the start of each run (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--drain",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "At most this long after the last send for deliveries to arrive (default ${DEFAULT-VALUE}).")
  Duration drain;

  @Override
  public Integer call() throws IOException {
    if (exitWith != null) {
      GeneratorProcess.exitWith(exitWith);
    }
    List<FanoutScenario> scenarios = FanoutScenario.parse(scenario);
    FanoutSettings settings = settings();
    ChatPayload chatPayload = new ChatPayload(ChatPayload.Kind.parse(payload), payloadSize);
    Path outDir = out != null ? out : ResultFiles.defaultDir("fanout-" + scenario);
    BenchConditions conditions = conditionsOptions.start(System.out);
    int exit = run(scenarios, settings, chatPayload, outDir, conditions);
    conditions.finish(System.out);
    return exit;
  }

  private int run(
      List<FanoutScenario> scenarios,
      FanoutSettings settings,
      ChatPayload chatPayload,
      Path outDir,
      BenchConditions conditions)
      throws IOException {
    if (urls != null && !urls.isEmpty()) {
      urls.forEach(WebSocketEndpoint::requireWebSocketUri);
      List<URI> metrics =
          metricsUrls != null && !metricsUrls.isEmpty() ? metricsUrls : MetricsUrls.derive(urls);
      System.out.println(
          "per-hop figures from "
              + metrics
              + (metricsUrls == null || metricsUrls.isEmpty()
                  ? " (the /metrics of each --url's host:port; choose others with --metrics-url)"
                  : ""));
      String name =
          label != null ? label : String.join(" + ", urls.stream().map(URI::toString).toList());
      new ScenarioRunner(
              urls,
              name,
              metrics,
              settings,
              chatPayload,
              conditions,
              new ResultFiles(outDir, name, System.out),
              System.out)
          .run(scenarios);
      return 0;
    }
    boolean inline =
        switch (generator) {
          case "inline" -> true;
          case "process" -> false;
          default ->
              throw new IllegalArgumentException(
                  "--generator must be 'process' or 'inline', got " + generator);
        };
    System.out.printf(
        "starting an in-process stack with two gateways (%d cores)%n",
        Runtime.getRuntime().availableProcessors());
    try (InProcessStack stack = InProcessStack.start()) {
      if (inline) {
        System.out.println(
            "load generator: in this JVM (--generator inline); per-hop figures from this JVM");
        String name = label != null ? label : "Beacon in-process, 2 gateways, generator inline";
        new ScenarioRunner(
                stack.chatUrls(),
                name,
                List.of(),
                settings,
                chatPayload,
                conditions,
                new ResultFiles(outDir, name, System.out),
                System.out)
            .run(scenarios);
        return 0;
      }
      return GeneratorProcess.run(
          stack.chatUrls(),
          stack.metricsUrl(),
          spec.commandLine().getParseResult().originalArgs(),
          outDir,
          settings.bound(scenarios),
          System.out);
    }
  }

  FanoutSettings settings() {
    List<Integer> rates = rateSteps == null || rateSteps.isEmpty() ? List.of(rate) : rateSteps;
    return new FanoutSettings(
        new FanoutSettings.Room(room, publishers, subscribers, rates),
        saturate
            ? new FanoutSettings.Saturation(
                saturateStart, saturateFactor, saturateSteps, saturateMaxP99.toNanos() / 1e6)
            : null,
        new FanoutSettings.BigRoom(
            room + "-big", bigRoomPublishers, bigRoomSubscribers, bigRoomRate),
        new FanoutSettings.ManyRooms(
            room + "-r", rooms, members, memberConnections, manyRoomsPublishers, manyRoomsRate),
        new FanoutSettings.Gps(devices, fixesPerSecond, allFollowers, deviceFollowers),
        new FanoutSettings.Timing(duration, warmup, drain));
  }
}
