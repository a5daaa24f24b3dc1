package dev.beacon.tools.bench.fanout;

import dev.beacon.tools.bench.HopLatencies;
import dev.beacon.tools.bench.charts.ResultFiles;
import dev.beacon.tools.bench.conditions.BenchConditions;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs scenarios against gateways from this process (the load generator's): each load run prints
 * its summary and the per-hop table of the servers, each scenario its result table.
 */
public final class ScenarioRunner {

  private final List<URI> urls;
  private final String label;
  private final HopLatencies hops;
  private final FanoutSettings settings;
  private final PrintStream out;
  private final ChatPayload payload;
  private final BenchConditions conditions;
  private final ResultFiles files;

  /**
   * @param urls the gateways' {@code /chat} URLs, connections spread round-robin over them
   * @param label names the servers in the tables, e.g. "Beacon in-process, 2 gateways"
   * @param metricsUrls the servers' {@code /metrics}; empty reads this process's registry
   * @param conditions adds the busy-machine warning to the tables
   * @param files where each run's percentile file and chart go
   */
  public ScenarioRunner(
      List<URI> urls,
      String label,
      List<URI> metricsUrls,
      FanoutSettings settings,
      ChatPayload payload,
      BenchConditions conditions,
      ResultFiles files,
      PrintStream out) {
    this.urls = List.copyOf(urls);
    this.label = label;
    this.hops = new HopLatencies(metricsUrls);
    this.settings = settings;
    this.out = out;
    this.payload = payload;
    this.conditions = conditions;
    this.files = files;
  }

  public List<ScenarioOutcome> run(List<FanoutScenario> scenarios) {
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    for (FanoutScenario scenario : scenarios) {
      out.printf("%n##### scenario %s: %s%n", scenario.cliName(), scenario.description());
      switch (scenario) {
        case ROOM -> outcomes.addAll(settings.saturation() != null ? saturate() : roomSteps());
        case BIG_ROOM -> outcomes.add(bigRoom());
        case MANY_ROOMS -> outcomes.add(manyRooms());
        case GPS -> outcomes.add(gps());
      }
    }
    return outcomes;
  }

  private List<ScenarioOutcome> roomSteps() {
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (int rate : settings.room().rates()) {
      FanoutConfig config = settings.room().config(urls, rate, settings.timing());
      outcomes.add(roomRun(FanoutScenario.ROOM, config, rows));
    }
    printTable("room", FanoutResult.markdownHeader(), rows);
    return outcomes;
  }

  private List<ScenarioOutcome> saturate() {
    SaturationSearch search = settings.saturation().search();
    List<ScenarioOutcome> outcomes = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (OptionalInt rate = search.nextRate(); rate.isPresent(); rate = search.nextRate()) {
      ScenarioOutcome o =
          roomRun(
              FanoutScenario.ROOM,
              settings.room().config(urls, rate.getAsInt(), settings.timing()),
              rows);
      outcomes.add(o);
      search.record(
          new SaturationSearch.Step(
              rate.getAsInt(), o.deliveriesPerSecond(), o.p99Ms(), o.missing(), o.duplicates()));
    }
    printTable("room, rising to saturation", FanoutResult.markdownHeader(), rows);
    out.println(search.describe());
    return outcomes;
  }

  private ScenarioOutcome bigRoom() {
    List<String> rows = new ArrayList<>();
    ScenarioOutcome o =
        roomRun(FanoutScenario.BIG_ROOM, settings.bigRoom().config(urls, settings.timing()), rows);
    printTable("big-room", FanoutResult.markdownHeader(), rows);
    return o;
  }

  private ScenarioOutcome manyRooms() {
    out.println("many-rooms: " + settings.manyRooms().describe());
    List<String> rows = new ArrayList<>();
    ScenarioOutcome o =
        roomRun(
            FanoutScenario.MANY_ROOMS, settings.manyRooms().config(urls, settings.timing()), rows);
    printTable("many-rooms", FanoutResult.markdownHeader(), rows);
    return o;
  }

  private ScenarioOutcome roomRun(FanoutScenario scenario, FanoutConfig config, List<String> rows) {
    out.printf(
        "%n== %s: %d publishers -> %,d room(s) of %,d -> %,d subscriber connections, %,d msgs/s (%,d "
            + "deliveries/s target), payload %s, %d s + %d s warm-up%n",
        label,
        config.publishers(),
        config.plan().rooms(),
        config.plan().members(),
        config.subscribers(),
        config.rate(),
        config.targetDeliveriesPerSecond(),
        payload.describe(),
        config.duration().toSeconds(),
        config.warmup().toSeconds());
    HopWindow window = new HopWindow(hops);
    FanoutResult result = new FanoutLoad(config, payload, out, window).run();
    out.println(result.summary());
    window.print(out);
    String run = scenario.cliName() + "-" + config.rate() + "msgs-" + payload.describe();
    files.record(
        run,
        scenario.cliName()
            + ", "
            + config.rate()
            + " msgs/s, "
            + config.targetDeliveriesPerSecond()
            + " deliveries/s target, payload "
            + payload.describe()
            + ": delivery latency by percentile",
        result.latency().micros());
    rows.add("| " + label + " " + result.markdownRow());
    return new ScenarioOutcome(
        scenario,
        scenario.cliName() + " @ " + config.rate() + " msgs/s",
        result.complete(),
        result.missing(),
        result.duplicates() + result.strays(),
        result.deliveriesPerSecond(),
        result.latency().p99Ms(),
        window.endToEndCount());
  }

  private ScenarioOutcome gps() {
    GpsFollowConfig config = settings.gps().config(urls, settings.timing());
    out.printf(
        "%n== %s: %,d devices x %d fix/s on %s -> %,d followers of gps:* and %,d of one device, %d s + %d s "
            + "warm-up%n",
        label,
        config.devices(),
        config.fixesPerSecond(),
        GpsFollowConfig.DEVICE_PATH,
        config.allFollowers(),
        config.deviceFollowers(),
        config.duration().toSeconds(),
        config.warmup().toSeconds());
    HopWindow window = new HopWindow(hops);
    GpsFollowResult result = new GpsFollowLoad(config, out, window).run();
    out.println(result.summary());
    window.print(out);
    files.record(
        "gps-all-followers",
        "gps: followers of gps:*, latency by percentile",
        result.allLatency().micros());
    files.record(
        "gps-device-followers",
        "gps: followers of one device, latency by percentile",
        result.deviceLatency().micros());
    printTable(
        "gps",
        GpsFollowResult.markdownHeader(),
        result.markdownRows().lines().map(r -> "| " + label + " " + r).toList());
    return new ScenarioOutcome(
        FanoutScenario.GPS,
        "gps",
        result.complete(),
        result.missing(),
        result.duplicates(),
        result.deliveriesPerSecond(),
        Math.max(result.allLatency().p99Ms(), result.deviceLatency().p99Ms()),
        window.endToEndCount());
  }

  private void printTable(String title, String header, List<String> rows) {
    out.printf("%n### %s%n%s%n", title, header);
    rows.forEach(out::println);
    String busy = conditions.tableRow();
    if (!busy.isEmpty()) {
      out.println(busy);
    }
  }
}
