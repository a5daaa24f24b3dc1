package dev.beacon.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.gateway.admin.AdminApi;
import dev.beacon.gateway.operations.ServerApiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI and admin OpenAPI documents and their schemas, as the gateway's routers serve them.
 */
class ApiDocumentsTest {

  private static final String TOKEN = "api-documents-test-token";
  private static final int MAX_MESSAGE = 1_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void serve() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    ConsoleRoutes.mount(router, "/realtime");
    // No operations: every request below ends before a handler that would use them.
    router
        .route("/realtime/api/*")
        .subRouter(AdminApi.router(vertx, ServerApiConfig.defaults(), null, MAX_MESSAGE));
    router
        .route("/on/api/*")
        .subRouter(
            AdminApi.router(
                vertx, ServerApiConfig.builder().adminToken(TOKEN).build(), null, MAX_MESSAGE));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "the AsyncAPI document is YAML under the prefix, with the docs/schema files beside it")
  void asyncApi() throws Exception {
    HttpResponse<String> doc = get("/realtime/asyncapi.yaml", null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).hasValue(ApiDocuments.YAML);
    assertThat(doc.body()).startsWith("asyncapi: 3.0.0");
    HttpResponse<String> schema = get("/realtime/schema/welcome.server.schema.json", null);
    assertThat(schema.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(schema.body()).getString("title")).startsWith("welcome");
  }

  @Test
  @DisplayName(
      "the admin OpenAPI document needs no token, even with the API off, whose routes still answer 404")
  void adminDocumentWithoutToken() throws Exception {
    HttpResponse<String> doc = get("/realtime/api/openapi.yaml", null);
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).hasValue(ApiDocuments.YAML);
    assertThat(doc.body()).startsWith("openapi: 3.1.0");
    assertThat(get("/realtime/api/schema/defs.schema.json", null).statusCode()).isEqualTo(200);
    HttpResponse<String> off = get("/realtime/api/clients", null);
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(off.body()).getString("error")).isEqualTo("admin_api_disabled");
  }

  @Test
  @DisplayName(
      "a body above the limit answers 413 in the one error shape; an unknown route names the document")
  void errorsInTheOneShape() throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(uri("/on/api/broadcast"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"message\":\"" + "x".repeat(MAX_MESSAGE + 5_000) + "\"}"))
            .build();
    HttpResponse<String> tooLarge = http.send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject error = new JsonObject(tooLarge.body());
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(error.getString("error")).isEqualTo("body_too_large");

    HttpResponse<String> unknown = get("/on/api/nothing", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("message"))
        .contains("GET /on/api/openapi.yaml");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }
}
