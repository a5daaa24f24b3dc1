package dev.beacon.gateway.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the admin API: {@code Authorization: Bearer <BEACON_ADMIN_TOKEN>}, compared in constant time (both sides
 * hashed first, so neither the content nor the length of the token leaks through timing). Without a configured
 * token the API is off and answers 404 saying how to turn it on; a missing or wrong token gets 401.
 */
final class AdminAuth implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final byte[] tokenDigest;

  /** @param token the configured token; empty turns the API off */
  AdminAuth(String token) {
    this.tokenDigest = token.isEmpty() ? null : sha256(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (tokenDigest == null) {
      AdminApi.error(ctx, 404, "admin_api_disabled",
          "the admin API is off on this gateway; set BEACON_ADMIN_TOKEN (flag --admin-token) to turn it on");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length()).strip()))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"beacon-admin\"");
      AdminApi.error(ctx, 401, "unauthorized",
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
