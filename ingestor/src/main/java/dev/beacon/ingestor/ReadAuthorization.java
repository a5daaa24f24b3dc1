package dev.beacon.ingestor;

import dev.beacon.runtime.auth.JwtVerifier;
import dev.beacon.runtime.auth.ReadGrants;
import dev.beacon.runtime.auth.TokenClaims;
import dev.beacon.runtime.auth.TokenRejectedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which devices a request to a position route may read, and puts that in the context
 * ({@link #grants}): every device in {@code open} mode or with the static read token; the devices
 * of the {@code read} claim with a valid JWT. Anonymous requests and rejected credentials answer
 * 401 ({@code unauthorized}, {@code invalid_token}) with a {@code WWW-Authenticate: Bearer} header;
 * a valid JWT without a {@code read} claim answers 403 ({@code no_read_grant}).
 */
final class ReadAuthorization implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ReadAuthorization.class);
  private static final String GRANTS = "beacon.readGrants";
  private static final String BEARER = "Bearer ";
  private static final String HOW =
      "send 'Authorization: Bearer <token>' with the read token (BEACON_INGESTOR_READ_TOKEN;"
          + " beacon local prints the one it generated at start-up) or a JWT whose 'read' claim lists the devices"
          + " (docs/security.md, \"Reading stored positions\")";

  private final ReadAccessConfig config;
  private final byte[] readToken;
  private final JwtVerifier verifier;

  ReadAuthorization(ReadAccessConfig config) {
    this.config = config;
    this.readToken =
        config.readToken() == null ? null : config.readToken().getBytes(StandardCharsets.UTF_8);
    this.verifier = config.jwt().enabled() ? JwtVerifier.of(config.jwt()) : null;
    if (verifier != null) {
      verifier.prefetch();
    }
  }

  /** The devices this request may read; set by this handler before any position route runs. */
  static ReadGrants grants(RoutingContext ctx) {
    ReadGrants grants = ctx.get(GRANTS);
    return grants == null ? ReadGrants.none() : grants;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (config.mode() == ReadAccessConfig.Mode.OPEN) {
      admit(ctx, ReadGrants.all());
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      refuse(ctx, "unauthorized", "reading stored positions needs a credential: " + HOW);
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(ctx, "unauthorized", "the Authorization header is not a bearer token: " + HOW);
      return;
    }
    String token = header.substring(BEARER.length()).strip();
    if (readToken != null
        && MessageDigest.isEqual(readToken, token.getBytes(StandardCharsets.UTF_8))) {
      admit(ctx, ReadGrants.all());
    } else if (verifier != null && token.chars().filter(c -> c == '.').count() == 2) {
      Future.fromCompletionStage(
              verifier.verifyFetchingKeys(token), ctx.vertx().getOrCreateContext())
          .onSuccess(claims -> admitClaims(ctx, claims))
          .onFailure(failure -> refuseToken(ctx, failure));
    } else {
      refuse(
          ctx,
          "invalid_token",
          (readToken == null
                  ? "no read token is configured and this is not a JWT"
                  : "the token is not the read token" + (verifier == null ? "" : ", nor a JWT"))
              + "; "
              + HOW);
    }
  }

  private void admitClaims(RoutingContext ctx, TokenClaims claims) {
    if (claims.read().isEmpty()) {
      error(
          ctx,
          403,
          "no_read_grant",
          "the token of '"
              + claims.subject()
              + "' has no 'read' claim, so it reads no"
              + " device; ask for a token whose 'read' claim lists the devices (ids, prefix*, or *)");
      return;
    }
    admit(ctx, claims.read());
  }

  private static void admit(RoutingContext ctx, ReadGrants grants) {
    ctx.put(GRANTS, grants);
    ctx.next();
  }

  private static void refuseToken(RoutingContext ctx, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String reason =
        cause instanceof TokenRejectedException
            ? cause.getMessage()
            : "the token could not be checked: " + cause.getMessage();
    log.debug("read of {} refused: {}", ctx.request().path(), reason);
    refuse(ctx, "invalid_token", "the token was refused: " + reason);
  }

  private static void refuse(RoutingContext ctx, String code, String message) {
    ctx.response()
        .putHeader(
            "WWW-Authenticate",
            "Bearer realm=\"beacon-ingestor\""
                + (code.equals("invalid_token") ? ", error=\"invalid_token\"" : ""));
    error(ctx, 401, code, message);
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", code).put("message", message));
  }
}
