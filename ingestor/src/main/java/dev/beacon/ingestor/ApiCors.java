package dev.beacon.ingestor;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Lets pages of the configured origins only (the web console's, served by a gateway on another
 * origin) read the API from a browser: a request whose {@code Origin} is on the list gets {@code
 * Access-Control-Allow-Origin} naming it; any other origin gets no such header, so its page cannot
 * read the answer. The preflight a browser sends before a request with {@code Authorization} is
 * answered here, before authentication (browsers send no credential on it): 204 for an allowed
 * origin, 403 ({@code origin_not_allowed}) otherwise. Every answer carries {@code Vary: Origin}, so
 * a cache never hands one origin's answer to another.
 */
final class ApiCors implements Handler<RoutingContext> {

  /** How long a browser may reuse a preflight's answer. */
  static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

  private final Set<String> allowed;

  ApiCors(List<String> allowedOrigins) {
    this.allowed = Set.copyOf(allowedOrigins);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    boolean allowedOrigin = origin != null && allowed.contains(origin);
    ctx.response().putHeader(HttpHeaders.VARY, "Origin");
    if (allowedOrigin) {
      // Link is exposed so that the console can follow pages: CORS hides it otherwise.
      ctx.response()
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Link");
    }
    boolean preflight =
        ctx.request().method() == HttpMethod.OPTIONS
            && origin != null
            && ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    if (!preflight) {
      ctx.next();
    } else if (allowedOrigin) {
      ctx.response()
          .setStatusCode(204)
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET")
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization")
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE_SECONDS)
          .end();
    } else {
      ctx.response().setStatusCode(403);
      ctx.json(
          new JsonObject()
              .put("error", "origin_not_allowed")
              .put(
                  "message",
                  "pages of "
                      + origin
                      + " may not read this API; add the origin to BEACON_INGESTOR_ALLOWED_ORIGINS (exact scheme://host:port)"));
    }
  }
}
