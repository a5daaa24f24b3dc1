package dev.beacon.ingestor;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets pages of any origin read the API: the web console is served by a gateway, on another port than this API
 * in {@code beacon local}. The API is read-only, takes no credentials and uses plain GETs (no preflight), so
 * {@code Access-Control-Allow-Origin: *} exposes nothing a {@code curl} could not read.
 */
final class ApiCors {

  private ApiCors() {
  }

  static Handler<RoutingContext> anyOrigin() {
    return ctx -> {
      ctx.response().putHeader("Access-Control-Allow-Origin", "*");
      ctx.next();
    };
  }
}
