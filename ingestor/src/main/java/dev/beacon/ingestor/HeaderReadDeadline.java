package dev.beacon.ingestor;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not delivered a whole request line and headers within the deadline:
 * from its accept, and on a kept-alive connection from the end of the previous response. The idle
 * timeout cannot do this on its own: a client that trickles one header byte every few seconds is
 * never idle. One instance per server verticle, so every call runs on that verticle's event loop.
 */
final class HeaderReadDeadline {

  private static final Logger log = LoggerFactory.getLogger(HeaderReadDeadline.class);

  private final Vertx vertx;
  private final long millis;
  private final Map<HttpConnection, Long> timers = new IdentityHashMap<>();

  HeaderReadDeadline(Vertx vertx, Duration deadline) {
    this.vertx = vertx;
    this.millis = deadline.toMillis();
  }

  /** For the server's connection handler: starts the first request's deadline. */
  void accepted(HttpConnection connection) {
    arm(connection);
    connection.closeHandler(closed -> cancel(connection));
  }

  /**
   * Wraps the request handler: a request whose headers arrived stops the deadline until its
   * response ends.
   */
  Handler<HttpServerRequest> around(Handler<HttpServerRequest> handler) {
    return request -> {
      HttpConnection connection = request.connection();
      cancel(connection);
      request.response().endHandler(ended -> arm(connection));
      handler.handle(request);
    };
  }

  /** Connections waiting for a request's headers now. */
  int waiting() {
    return timers.size();
  }

  private void arm(HttpConnection connection) {
    cancel(connection);
    timers.put(
        connection,
        vertx.setTimer(
            millis,
            fired -> {
              timers.remove(connection);
              log.debug(
                  "closing {}: no complete request headers within {} ms (BEACON_INGESTOR_HEADER_TIMEOUT)",
                  connection.remoteAddress(),
                  millis);
              connection.close();
            }));
  }

  private void cancel(HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
