package dev.beacon.ingestor;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves this API's OpenAPI 3.1 document from the jar: {@code GET /api/openapi.yaml}, and next to
 * it the JSON Schemas it refers to ({@code GET /api/schema/<name>.schema.json}, the files of {@code
 * docs/schema} that the build copies in), so a tool that loads the document by URL resolves every
 * {@code $ref}.
 */
final class ApiDocument {

  /**
   * Where the document and its schemas are on the classpath (src/main/resources; schema/ copied by
   * the build).
   */
  static final String ROOT = "beacon-ingestor-api";

  /** YAML's media type (RFC 9512). */
  static final String YAML = "application/yaml; charset=utf-8";

  private ApiDocument() {}

  static void mount(Router router) {
    router
        .get("/api/openapi.yaml")
        .handler(
            ctx -> ctx.response().putHeader("Content-Type", YAML).sendFile(ROOT + "/openapi.yaml"));
    router
        .get("/api/schema/*")
        .handler(StaticHandler.create(ROOT + "/schema").setDirectoryListing(false));
  }
}
