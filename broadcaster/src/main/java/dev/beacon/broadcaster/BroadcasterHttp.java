package dev.beacon.broadcaster;

import dev.beacon.runtime.http.HeaderReadDeadline;
import dev.beacon.runtime.http.HttpTimeouts;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcaster's small HTTP server, for orchestrators and Prometheus:
 *
 * <ul>
 *   <li>{@code GET /health} and {@code GET /ready}: {@code {"status":"UP"}}, or 503 with a reason
 *       once a consumer loop has died (restart the broadcaster)
 *   <li>{@code GET /metrics}: the process's Prometheus series
 * </ul>
 *
 * It starts after the {@link BroadcasterService} is running, so it is ready as soon as it listens.
 * Anything else answers 404.
 */
public final class BroadcasterHttp {

  private static final Logger log = LoggerFactory.getLogger(BroadcasterHttp.class);

  private final HttpServer server;

  private BroadcasterHttp(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code host:port} (0 picks a free port); fails when the port is taken.
   *
   * @param failed whether the broadcaster has stopped working, for {@code /health} and {@code
   *     /ready}
   */
  public static Future<BroadcasterHttp> start(
      Vertx vertx, String host, int port, BooleanSupplier failed) {
    return start(vertx, host, port, HttpTimeouts.defaults(), failed);
  }

  /**
   * As above, closing idle connections and those that send no whole request head in time ({@code
   * timeouts}).
   */
  public static Future<BroadcasterHttp> start(
      Vertx vertx, String host, int port, HttpTimeouts timeouts, BooleanSupplier failed) {
    return HeaderReadDeadline.onEveryConnection(
            vertx.createHttpServer(timeouts.applyTo(new HttpServerOptions())),
            timeouts.headerRead(),
            HeaderReadDeadline.countedAs("broadcaster"))
        .requestHandler(request -> handle(request, failed))
        .listen(port, host)
        .map(
            server -> {
              log.info(
                  "broadcaster HTTP (/health, /ready, /metrics) listening on http://{}:{}",
                  host,
                  server.actualPort());
              return new BroadcasterHttp(server);
            })
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "the broadcaster could not listen on "
                            + host
                            + ":"
                            + port
                            + ": "
                            + failure.getMessage()
                            + "; free the port or set BEACON_BROADCASTER_HTTP_PORT",
                        failure)));
  }

  private static void handle(HttpServerRequest request, BooleanSupplier failed) {
    switch (request.path()) {
      case "/health", "/ready" -> status(request, failed.getAsBoolean());
      case "/metrics" -> BeaconMetrics.respond(request.response());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void status(HttpServerRequest request, boolean failed) {
    JsonObject body =
        failed
            ? new JsonObject()
                .put("status", "DOWN")
                .put("reason", "a broadcaster consumer loop stopped; see the log")
            : new JsonObject().put("status", "UP");
    request
        .response()
        .setStatusCode(failed ? 503 : 200)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** The port it listens on. */
  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
