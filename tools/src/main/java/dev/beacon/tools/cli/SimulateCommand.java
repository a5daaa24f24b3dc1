package dev.beacon.tools.cli;

import dev.beacon.server.cli.DurationConverter;
import dev.beacon.tools.sim.DeviceSimulator;
import dev.beacon.tools.sim.SimulationResult;
import dev.beacon.tools.sim.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beacon simulate}: GPS trackers speaking the original simulator's CSV protocol. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate GPS devices against a gateway.",
      "Without --rate, as the original simulator: each device waits 1-3 s, sends 1-5 CSV fixes waiting for OK "
          + "after each, then closes.",
      "With --rate, the devices keep their connections open and send R fixes/s between them for --duration.",
      "Exit code 0 when every fix was acknowledged, 1 otherwise."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      defaultValue = "${env:BEACON_URL:-ws://127.0.0.1:8080/ws}",
      description = "Gateway WebSocket URL (env BEACON_URL, default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--devices",
      defaultValue = "10",
      description = "Concurrent devices (default ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--rate", description = "Total fixes per second; turns on rate mode.")
  Integer rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long rate mode runs (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--device-prefix",
      defaultValue = "",
      description = "Prefix of the device ids, which are <prefix>1..<prefix>N (default none).")
  String prefix;

  @Option(names = "--seed", description = "Seed for repeatable positions, delays and fix counts.")
  Long seed;

  @Option(
      names = "--key",
      defaultValue = "${env:BEACON_DEVICE_KEY:-}",
      description =
          "Device key to present (?key=), for a gateway with BEACON_DEVICE_AUTH=authenticated; it must "
              + "hold every simulated id, e.g. a key for 'sim-*' with --device-prefix sim- (env BEACON_DEVICE_KEY).")
  String key;

  @Option(names = "--quiet", description = "No progress line, only the summary.")
  boolean quiet;

  @Override
  public Integer call() {
    URI target = DeviceKeyUrl.of(url, key);
    SimulatorConfig.Builder config =
        (rate == null
                ? SimulatorConfig.parity(target, devices)
                : SimulatorConfig.atRate(target, devices, rate, duration))
            .toBuilder().deviceIdPrefix(prefix);
    if (seed != null) {
      config.seed(seed);
    }
    if (quiet) {
      config.out(null);
    }
    SimulationResult result = new DeviceSimulator(config.build()).run();
    System.out.println(result.summary());
    return result.errors() == 0 && result.connectFailures() == 0 && result.ok() == result.sent()
        ? 0
        : 1;
  }
}
