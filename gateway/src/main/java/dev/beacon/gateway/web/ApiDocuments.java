package dev.beacon.gateway.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The gateway's API descriptions, served from the jar with the JSON Schemas they refer to beside
 * them, so a tool that loads a document by URL resolves every {@code $ref}:
 *
 * <ul>
 *   <li>{@code <prefix>/asyncapi.yaml}: AsyncAPI 3.0 of the WebSocket protocol and the Kafka topics
 *       ({@link ConsoleRoutes}), schemas at {@code <prefix>/schema/};
 *   <li>{@code <prefix>/api/openapi.yaml}: OpenAPI 3.1 of the admin API (its router), schemas at
 *       {@code <prefix>/api/schema/}.
 * </ul>
 *
 * The schemas are {@code docs/schema}, copied into {@value #ROOT}/schema by the build: one copy to
 * edit.
 */
public final class ApiDocuments {

  /** Where the documents are on the classpath (gateway/src/main/resources). */
  public static final String ROOT = "beacon-gateway-api";

  public static final String ASYNCAPI = "asyncapi.yaml";
  public static final String ADMIN_OPENAPI = "admin-openapi.yaml";

  /** YAML's media type (RFC 9512). */
  public static final String YAML = "application/yaml; charset=utf-8";

  private ApiDocuments() {}

  /** Serves {@code file} at {@code <base>/<servedAs>} and the schemas at {@code <base>/schema/}. */
  public static void mount(Router router, String base, String servedAs, String file) {
    router
        .get(base + "/" + servedAs)
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", YAML)
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .sendFile(ROOT + "/" + file));
    router
        .get(base + "/schema/*")
        .handler(
            ctx -> {
              ctx.response().putHeader("Access-Control-Allow-Origin", "*");
              ctx.next();
            });
    router
        .get(base + "/schema/*")
        .handler(StaticHandler.create(ROOT + "/schema").setDirectoryListing(false));
  }
}
