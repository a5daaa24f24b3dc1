package dev.beacon.server.cli;

import dev.beacon.broadcaster.BroadcasterHttp;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code beacon broadcaster}: routes beacon.messages to beacon.deliveries for every gateway. */
@Command(
    name = "broadcaster",
    mixinStandardHelpOptions = true,
    description = {
      "Route chat, broadcast and direct messages from beacon.messages to beacon.deliveries,",
      "exactly once (Kafka transactions), using the cluster's presence from beacon.presence."
    })
public final class BroadcasterCommand implements Callable<Integer> {

  @Mixin KafkaClientOptions kafka;
  @Mixin BroadcasterOptions options;
  @Mixin BroadcasterHttpOptions http;
  @Mixin HttpTimeoutOptions httpTimeouts;
  @Mixin NamespaceOptions namespaces;

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    try {
      BroadcasterService service =
          Blocking.await(
              BroadcasterService.start(
                  vertx,
                  options.config().toBuilder().namespaces(namespaces.namespaces()).build(),
                  kafka.settings()),
              "start the broadcaster");
      BroadcasterHttp endpoints = awaitHttp(vertx, service);
      System.out.printf(
          "Broadcaster routing beacon.messages as group %s (Kafka %s); /ready and /metrics on"
              + " http://%s:%d. Stop with Ctrl-C.%n",
          options.group, kafka.bootstrap, http.host, endpoints.port());
      return UntilStopped.await(
          () -> {
            Blocking.awaitQuietly(endpoints.close(), "stop the broadcaster's HTTP server");
            Blocking.awaitQuietly(service.close(), "stop the broadcaster");
            Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
          },
          service::hasFailed);
    } catch (RuntimeException e) {
      Blocking.awaitQuietly(vertx.close(), "stop Vert.x");
      throw e;
    }
  }

  private BroadcasterHttp awaitHttp(Vertx vertx, BroadcasterService service) {
    try {
      return Blocking.await(
          BroadcasterHttp.start(
              vertx, http.host, http.port(), httpTimeouts.config(), service::hasFailed),
          "start the broadcaster's HTTP server");
    } catch (RuntimeException e) {
      Blocking.awaitQuietly(service.close(), "stop the broadcaster");
      throw e;
    }
  }
}
