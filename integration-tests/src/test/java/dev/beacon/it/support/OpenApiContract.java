package dev.beacon.it.support;

import static dev.beacon.it.support.SpecDocument.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.Json;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks real HTTP exchanges against an OpenAPI 3.1 document: the status must be documented for the
 * operation, the content type must be one of that response's, the body must validate against its
 * schema, and every documented header present must validate against the header's schema. Remembers
 * which responses it saw, so a test can assert that it exercised every one the document promises.
 */
public final class OpenApiContract {

  private final SpecDocument document;
  private final Set<String> seen = new TreeSet<>();

  public OpenApiContract(SpecDocument document) {
    this.document = document;
  }

  public SpecDocument document() {
    return document;
  }

  /** Checks one response of {@code method pathTemplate} (a key of {@code paths}) and returns it. */
  public HttpResponse<String> check(
      String method, String pathTemplate, HttpResponse<String> response) {
    String operation = "/paths/" + token(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
    String what = method + " " + pathTemplate + " -> " + response.statusCode();
    assertThat(
            document.root().at(operation + "/responses/" + response.statusCode()).isMissingNode())
        .as("%s: status documented", what)
        .isFalse();
    String responsePointer =
        document.resolveLocal(operation + "/responses/" + response.statusCode());
    String mediaType =
        response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    JsonNode content = document.root().at(responsePointer + "/content");
    assertThat(content.has(mediaType))
        .as("%s: content type %s documented among %s", what, mediaType, names(content))
        .isTrue();
    String body = isJson(mediaType) ? response.body() : Json.encode(response.body());
    document.assertValid(responsePointer + "/content/" + token(mediaType) + "/schema", body, what);
    JsonNode headers = document.root().at(responsePointer + "/headers");
    for (String name : names(headers)) {
      String header = document.resolveLocal(responsePointer + "/headers/" + token(name));
      response
          .headers()
          .firstValue(name)
          .ifPresent(
              value ->
                  document.assertValid(
                      header + "/schema", Json.encode(value), what + " header " + name));
    }
    seen.add(method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " " + response.statusCode());
    return response;
  }

  /** Every {@code METHOD path status} the document lists. */
  public Set<String> documented() {
    Set<String> all = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.root().path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        names(op.getValue().path("responses"))
            .forEach(
                status ->
                    all.add(
                        op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status));
      }
    }
    return all;
  }

  /** What {@link #check} has seen. */
  public Set<String> seen() {
    return seen;
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
