package dev.beacon.tools.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * A {@link GpsLoadConnection} on the tracker HTTP port: one keep-alive connection of its own, one
 * OsmAnd request at a time (no pipelining, as trackers send), each answered {@code 200} once Kafka
 * holds the fix; any other status counts as error {@code http_<status>}.
 */
final class HttpFixConnection extends GpsLoadConnection {

  /** The error code of a request that failed without a status (connection reset, say). */
  static final String REQUEST_FAILED = "http_request_failed";

  private final HttpClientAgent client;
  private final HttpConnectOptions options;
  private final OsmAndRequest requests;
  private HttpClientConnection connection;

  HttpFixConnection(
      Vertx vertx,
      GpsLoadConfig config,
      int index,
      FixLineSource lines,
      LoadStats stats,
      HttpClientAgent client,
      HttpConnectOptions options) {
    super(vertx, config, index, lines, stats);
    this.client = client;
    this.options = options;
    this.requests = new OsmAndRequest(lines, config.url(), config.key());
  }

  @Override
  protected Future<Void> connect() {
    return client
        .connect(options)
        .map(
            connected -> {
              connection = connected;
              connection.closeHandler(closed -> closedByPeer(null));
              connection.exceptionHandler(failure -> {});
              return null;
            });
  }

  @Override
  protected void sendFix(long n) {
    connection
        .request(new RequestOptions().setMethod(HttpMethod.POST).setURI(requests.uri(n)))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(
            answer -> {
              if (answer.failed() && stopped()) {
                return; // cut off by the end of the run: unanswered, as on the other paths
              }
              answered(
                  latency -> {
                    if (answer.failed()) {
                      stats.recordError(REQUEST_FAILED);
                    } else if (answer.result() == 200) {
                      stats.recordReply("OK", latency);
                    } else {
                      stats.recordError("http_" + answer.result());
                    }
                  });
            });
  }

  @Override
  protected void close() {
    if (connection != null) {
      connection.close();
    }
  }
}
