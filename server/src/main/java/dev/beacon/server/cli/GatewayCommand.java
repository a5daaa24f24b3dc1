package dev.beacon.server.cli;

import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.server.Blocking;
import dev.beacon.server.GatewayShutdown;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beacon gateway}: one gateway process against any Kafka cluster. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description =
        "Run a WebSocket gateway that validates device frames and produces them to Kafka.")
public final class GatewayCommand implements Callable<Integer> {

  @Mixin KafkaClientOptions kafka;
  @Mixin GatewayOptions options;
  @Mixin TrackerOptions trackers;

  @Override
  public Integer call() {
    GatewayConfig config = options.config().toBuilder().trackers(trackers.config(false)).build();
    Vertx vertx = Vertx.vertx();
    try {
      Gateway gateway =
          Blocking.await(
              Gateway.deploy(
                  vertx, config, KafkaBackend.of(kafka.settings()), ConnectionListener.NONE),
              "start the gateway");
      System.out.printf(
          "Gateway %s listening on %s://%s:%d%s/ws (Kafka %s). Stop with Ctrl-C.%n",
          gateway.gatewayId(),
          config.security().tls().enabled() ? "wss" : "ws",
          options.host,
          gateway.port(),
          gateway.config().serverApi().pathPrefix(),
          kafka.bootstrap);
      TrackerLines.print(gateway.trackers(), options.host);
      return UntilStopped.await(
          () -> {
            GatewayShutdown.drainThenClose(gateway);
            Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
          });
    } catch (RuntimeException e) {
      Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
      throw e;
    }
  }
}
