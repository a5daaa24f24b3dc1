package dev.beacon.gateway.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the admin API: {@code Authorization: Bearer <BEACON_ADMIN_TOKEN>}, compared in constant
 * time (both sides hashed first, so neither the content nor the length of the token leaks through
 * timing). Without a configured token the API is off and answers 404 saying how to turn it on; a
 * missing or wrong token gets 401, and an address that sent too many of them gets 429 with {@code
 * Retry-After} ({@link AdminThrottle}), the right token included. The address is the peer's: the
 * admin API belongs on the internal port, not behind a shared proxy.
 */
final class AdminAuth implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final byte[] tokenDigest;
  private final AdminThrottle throttle;

  /**
   * @param token the configured token; empty turns the API off
   */
  AdminAuth(String token, AdminThrottle throttle) {
    this.tokenDigest = token.isEmpty() ? null : sha256(token);
    this.throttle = throttle;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (tokenDigest == null) {
      AdminError.send(
          ctx,
          404,
          "admin_api_disabled",
          "the admin API is off on this gateway; set BEACON_ADMIN_TOKEN (flag --admin-token) to turn it on");
      return;
    }
    String address =
        ctx.request().remoteAddress() == null
            ? "unknown"
            : ctx.request().remoteAddress().hostAddress();
    long retryAfter = throttle.retryAfterSeconds(address);
    if (retryAfter > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
      AdminError.send(
          ctx,
          429,
          "too_many_failures",
          "too many wrong admin tokens from "
              + address
              + "; wait "
              + retryAfter
              + " s (Retry-After) and send the right BEACON_ADMIN_TOKEN");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length()).strip()))) {
      throttle.failed(address);
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"beacon-admin\"");
      AdminError.send(
          ctx,
          401,
          "unauthorized",
          "send the admin token as 'Authorization: Bearer <token>' (the gateway's BEACON_ADMIN_TOKEN)");
      return;
    }
    ctx.next();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
