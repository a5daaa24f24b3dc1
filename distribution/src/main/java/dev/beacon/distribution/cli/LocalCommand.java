package dev.beacon.distribution.cli;

import dev.beacon.embedded.LocalStack;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.ingestor.IngestorConfig;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.server.cli.BroadcasterOptions;
import dev.beacon.server.cli.DataDirOption;
import dev.beacon.server.cli.GatewayOptions;
import dev.beacon.server.cli.IngestorOptions;
import dev.beacon.server.cli.KafkaTopicOptions;
import dev.beacon.server.cli.ReadAccessNotice;
import dev.beacon.server.cli.UntilStopped;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beacon local}: the embedded broker and every service in one JVM. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Run everything in one JVM: an embedded Kafka broker (KRaft), a gateway, the broadcaster and the ingestor.",
      "Data (Kafka logs and gps.db) goes to --data-dir. Stop with Ctrl-C."
    })
public final class LocalCommand implements Callable<Integer> {

  /**
   * Printed at start-up while anonymous devices may write: who can reach the port can forge any
   * device's track.
   */
  static final String OPEN_DEVICES_WARNING =
      String.format(
          "*** DEVICE AUTH IS OPEN: anyone who can reach this port"
              + " may write fixes for ANY device id. ***%n"
              + "    Turn it off with --device-auth authenticated (env BEACON_DEVICE_AUTH=authenticated) and give each tracker"
              + " a key:%n"
              + "    curl -X POST -H 'Authorization: Bearer <admin token>' -d '{\"devices\":[\"32\"]}'"
              + " http://localhost:<port>/api/device-keys  then  ws://localhost:<port>/ws?key=<key>%n%n");

  @Mixin DataDirOption dataDir;
  @Mixin EmbeddedKafkaOptions broker;
  @Mixin KafkaTopicOptions kafka;
  @Mixin GatewayOptions gateway;
  @Mixin IngestorOptions ingestor;
  @Mixin BroadcasterOptions broadcaster;

  @Override
  public Integer call() {
    GatewayConfig gatewayConfig = gateway.config();
    IngestorConfig ingestorConfig =
        ingestor.config(dataDir.path(), false, gatewayConfig.security().jwt());
    LocalReadAccess read = LocalReadAccess.of(ingestorConfig.access(), gatewayConfig);
    LocalStack stack =
        LocalStack.start(
            broker.config(dataDir.path()),
            kafka::settings,
            gateway.config(DeviceAuthMode.OPEN),
            ingestorConfig.toBuilder().access(read.access()).build(),
            broadcaster.config(gatewayConfig));
    String s = stack.gateway().config().security().tls().enabled() ? "s" : "";
    System.out.printf(
        "%nBeacon is running.%n"
            + "  web console          %s%n"
            + "  devices and clients  ws"
            + s
            + "://localhost:%d/ws   (try: beacon simulate --devices 10)%n"
            + "  health / readiness   http"
            + s
            + "://localhost:%d/health  http"
            + s
            + "://localhost:%d/ready%n"
            + "  stored fixes         http://localhost:%d/api/devices   sqlite3 %s%n"
            + "%s"
            + "  Kafka                %s%n"
            + "Stop with Ctrl-C.%n%n",
        ConsoleUrl.of(stack, read.generated() ? read.access().readToken() : null),
        stack.gateway().port(),
        stack.gateway().port(),
        stack.gateway().port(),
        stack.ingestor().apiPort(),
        dataDir.path().resolve("gps.db"),
        readLines(read, stack.ingestor().apiPort()),
        stack.kafka().bootstrap());
    if (stack.gateway().config().deviceAuth() == DeviceAuthMode.OPEN) {
      System.out.print(OPEN_DEVICES_WARNING);
    }
    return UntilStopped.await(stack::close);
  }

  /** Where the read token comes from and how to use it, or the loud line of open mode. */
  private static String readLines(LocalReadAccess read, int apiPort) {
    String notice = ReadAccessNotice.of(read.access());
    if (!notice.isEmpty()) {
      return "  " + notice;
    }
    String n = System.lineSeparator();
    // A token the user chose is theirs to keep out of logs; only a generated one is printed.
    return "  read token           "
        + (read.generated()
            ? read.access().readToken()
                + "   (generated for this run; set BEACON_INGESTOR_READ_TOKEN to keep one)"
            : "the one in BEACON_INGESTOR_READ_TOKEN")
        + n
        + "                       curl -H \"Authorization: Bearer <read token>\" http://localhost:"
        + apiPort
        + "/api/devices"
        + n;
  }
}
