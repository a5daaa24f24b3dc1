package dev.beacon.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /metrics} on the public port when no internal port serves it: {@code Authorization:
 * Bearer <BEACON_METRICS_TOKEN>}, compared in constant time; anything else gets 401. The internal
 * port needs no token: it is reachable only where the operator put it.
 */
public final class MetricsAuth implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final byte[] tokenDigest;

  public MetricsAuth(String token) {
    this.tokenDigest = sha256(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null
        && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length()).strip()))) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"beacon-metrics\"")
        .end(
            "send the metrics token as 'Authorization: Bearer <token>' (the gateway's BEACON_METRICS_TOKEN), "
                + "or scrape the internal port (BEACON_INTERNAL_PORT)\n");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
