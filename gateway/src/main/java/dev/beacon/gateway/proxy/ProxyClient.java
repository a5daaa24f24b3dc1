package dev.beacon.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the hooks' calls: one JSON {@code POST} per call over one pooled Vert.x HTTP client per
 * gateway process, at most {@code maxInFlight} at once (one more is answered {@link
 * ProxyReply.Outcome#OVERLOADED} at once, never queued), each answered within {@code timeout}. The
 * future always succeeds, on the caller's context, with what the call came to; a call given up at
 * its timeout is reset, so a slow backend holds no more than the in-flight cap.
 */
final class ProxyClient {

  private static final Logger log = LoggerFactory.getLogger(ProxyClient.class);

  private final Vertx vertx;
  private final ProxyConfig config;
  private final HttpClientAgent http;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ProxyMetrics metrics;

  ProxyClient(Vertx vertx, ProxyConfig config, MeterRegistry registry, String gatewayId) {
    this.vertx = vertx;
    this.config = config;
    int timeoutMillis = (int) config.timeout().toMillis();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setKeepAlive(true)
                .setName("beacon-proxy"),
            new PoolOptions()
                .setHttp1MaxSize(config.poolSize())
                .setMaxWaitQueueSize(config.maxInFlight()));
    this.metrics = new ProxyMetrics(registry, gatewayId, inFlight::get);
  }

  /**
   * Posts {@code body} to {@code hook}'s URL with the allow-listed {@code handshakeHeaders} (names
   * in lower case, as the socket keeps them).
   */
  Future<ProxyReply> call(
      ProxyHook hook, JsonObject body, Map<String, List<String>> handshakeHeaders) {
    if (inFlight.incrementAndGet() > config.maxInFlight()) {
      inFlight.decrementAndGet();
      metrics.record(hook, ProxyReply.Outcome.OVERLOADED, 0);
      return Future.succeededFuture(
          ProxyReply.failure(
              ProxyReply.Outcome.OVERLOADED,
              "already "
                  + config.maxInFlight()
                  + " calls awaiting the backend (BEACON_PROXY_MAX_IN_FLIGHT)"));
    }
    long start = System.nanoTime();
    long timeoutMillis = config.timeout().toMillis();
    Promise<ProxyReply> answered = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer =
        vertx.setTimer(
            timeoutMillis,
            id -> {
              if (answered.tryComplete(
                      ProxyReply.failure(
                          ProxyReply.Outcome.TIMEOUT,
                          "no answer within " + timeoutMillis + " ms (BEACON_PROXY_TIMEOUT)"))
                  && sent[0] != null) {
                sent[0].reset();
              }
            });
    http.request(options(hook, handshakeHeaders))
        .compose(
            request -> {
              sent[0] = request;
              return request.send(body.toBuffer());
            })
        .compose(
            response ->
                response.body().map(b -> ProxyReply.parse(response.statusCode(), b.toString())))
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              inFlight.decrementAndGet();
              answered.tryComplete(
                  done.succeeded()
                      ? done.result()
                      : ProxyReply.failure(ProxyReply.Outcome.ERROR, describe(done.cause())));
            });
    return answered
        .future()
        .map(
            reply -> {
              metrics.record(hook, reply.outcome(), System.nanoTime() - start);
              if (reply.failed()) {
                log.debug("{} hook failed ({}): {}", hook.wire(), reply.outcome().tag(), reply);
              }
              return reply;
            });
  }

  private RequestOptions options(ProxyHook hook, Map<String, List<String>> handshakeHeaders) {
    long timeoutMillis = config.timeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(config.url(hook))
            .setConnectTimeout(timeoutMillis)
            .setIdleTimeout(timeoutMillis)
            .putHeader("Content-Type", "application/json");
    for (String name : config.forwardHeaders()) {
      List<String> values = handshakeHeaders.get(name.toLowerCase(Locale.ROOT));
      if (values != null) {
        values.forEach(value -> options.addHeader(name, value.strip()));
      }
    }
    return options;
  }

  private static String describe(Throwable failure) {
    if (failure instanceof ConnectException) {
      return "the backend refused the connection (" + failure.getMessage() + ")";
    }
    return "the call failed: " + failure;
  }

  Future<Void> close() {
    return http.close();
  }
}
