package dev.beacon.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleRoutesTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void serve() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    ConsoleRoutes.mount(router, "");
    ConsoleRoutes.mount(router, "/realtime");
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "the console page comes with a Content-Security-Policy that allows scripts from its origin only")
  void pageWithPolicy() throws Exception {
    HttpResponse<String> page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Beacon console</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .contains(ConsoleRoutes.CONTENT_SECURITY_POLICY);
    assertThat(ConsoleRoutes.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'")
        .doesNotContain("unsafe");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  @DisplayName("/console redirects to /console/, so the page's relative links resolve")
  void trailingSlash() throws Exception {
    HttpResponse<String> redirect = get("/console");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains("/console/");
    assertThat(get("/realtime/console").headers().firstValue("Location"))
        .contains("/realtime/console/");
  }

  @Test
  @DisplayName(
      "Leaflet is served from its WebJar, and beacon.js with its types at a stable path, under the prefix too")
  void bundledFiles() throws Exception {
    assertThat(get("/console/leaflet/leaflet.js").body()).contains("Leaflet");
    assertThat(get("/console/leaflet/leaflet.css").statusCode()).isEqualTo(200);
    for (String prefix : new String[] {"", "/realtime"}) {
      HttpResponse<String> js = get(prefix + "/beacon.js");
      assertThat(js.statusCode()).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/javascript");
      assertThat(js.body()).contains("export class BeaconClient");
      HttpResponse<String> types = get(prefix + "/beacon.d.ts");
      assertThat(types.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("application/typescript");
      assertThat(types.body()).contains("export declare class BeaconClient");
    }
    assertThat(get("/console/beacon.js").body()).isEqualTo(get("/beacon.js").body());
    assertThat(get("/console/no-such-file.js").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
