package dev.beacon.gateway.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console and the browser client, as static files from the jar, under the gateway's path
 * prefix:
 *
 * <ul>
 *   <li>{@code <prefix>/console/}: the console (map, rooms, cluster), with Leaflet at {@code
 *       console/leaflet/};
 *   <li>{@code <prefix>/beacon.js} and {@code <prefix>/beacon.d.ts}: the client library and its
 *       types, a stable path for pages of their own ({@code import {BeaconClient} from
 *       "/beacon.js"});
 *   <li>{@code <prefix>/asyncapi.yaml}: the AsyncAPI document of the WebSocket protocol and the
 *       Kafka topics, with the JSON Schemas it refers to under {@code <prefix>/schema/} ({@link
 *       ApiDocuments}).
 * </ul>
 *
 * Every answer carries a Content-Security-Policy that allows scripts and styles from this origin
 * only: chat content and device ids are rendered as text, and the policy is the second line of
 * defence if a page ever got that wrong.
 */
public final class ConsoleRoutes {

  /**
   * Where the console's files are on the classpath (gateway/src/main/resources; beacon.js copied
   * from clients/js).
   */
  static final String CONSOLE_ROOT = "beacon-console";

  /**
   * The Leaflet WebJar's files; the version is the one of org.webjars.npm:leaflet in
   * gateway/pom.xml.
   */
  static final String LEAFLET_ROOT = "META-INF/resources/webjars/leaflet/1.9.4/dist";

  /**
   * Scripts and styles from here only; tiles, the ingestor API and WebSockets may be elsewhere
   * (settings).
   */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data: blob: http: https:",
          "connect-src 'self' ws: wss: http: https:",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'");

  private ConsoleRoutes() {}

  /**
   * Adds the console's routes to a gateway's router; {@code prefix} is empty or like {@code
   * /realtime}.
   */
  public static void mount(Router router, String prefix) {
    router.route(prefix + "/console/*").handler(ConsoleRoutes::secureHeaders);
    router.get(prefix + "/console").handler(ConsoleRoutes::addTrailingSlash);
    router.route(prefix + "/console/leaflet/*").handler(StaticHandler.create(LEAFLET_ROOT));
    router
        .route(prefix + "/console/*")
        .handler(StaticHandler.create(CONSOLE_ROOT).setIndexPage("index.html"));
    router
        .get(prefix + "/beacon.js")
        .handler(ctx -> sendClientFile(ctx, "beacon.js", "text/javascript"));
    router
        .get(prefix + "/beacon.d.ts")
        .handler(ctx -> sendClientFile(ctx, "beacon.d.ts", "application/typescript"));
    ApiDocuments.mount(router, prefix, ApiDocuments.ASYNCAPI, ApiDocuments.ASYNCAPI);
  }

  /** {@code /console} to {@code /console/}, so the page's relative links resolve inside it. */
  private static void addTrailingSlash(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/")) {
      ctx.next();
    } else {
      ctx.redirect(ctx.request().path() + "/");
    }
  }

  private static void secureHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static void sendClientFile(RoutingContext ctx, String file, String contentType) {
    ctx.response()
        .putHeader("Content-Type", contentType + "; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("X-Content-Type-Options", "nosniff")
        .sendFile(CONSOLE_ROOT + "/" + file);
  }
}
