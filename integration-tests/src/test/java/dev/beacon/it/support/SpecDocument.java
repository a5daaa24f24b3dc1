package dev.beacon.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An API description (OpenAPI or AsyncAPI, YAML) loaded from the URL a service serves it at, with
 * what the contract tests need: JSON-pointer navigation, validation of a JSON value against the
 * schema at a pointer (draft 2020-12, {@code $ref}s resolved over HTTP against the document's URL,
 * as any client tool would), and a check that every {@code $ref} of the document and of the schema
 * files it reaches points at something.
 */
public final class SpecDocument {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final URI url;
  private final JsonNode root;
  private final String contentType;

  private SpecDocument(URI url, JsonNode root, String contentType) {
    this.url = url;
    this.root = root;
    this.contentType = contentType;
  }

  /** GETs the document; fails unless it answers 200 with a YAML content type. */
  public static SpecDocument load(String url) {
    HttpResponse<String> response = get(URI.create(url));
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    String type = response.headers().firstValue("Content-Type").orElse("");
    assertThat(type).as("content type of %s", url).startsWith("application/yaml");
    try {
      return new SpecDocument(URI.create(url), YAML.readTree(response.body()), type);
    } catch (Exception e) {
      throw new AssertionError(url + " is not YAML: " + e.getMessage(), e);
    }
  }

  public URI url() {
    return url;
  }

  public JsonNode root() {
    return root;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * The node at a JSON pointer ({@code /a/b~1c}), following a {@code $ref} to a local pointer at
   * the end.
   */
  public JsonNode at(String pointer) {
    JsonNode node = root.at(pointer);
    assertThat(node.isMissingNode()).as("%s has %s", url, pointer).isFalse();
    return node;
  }

  /**
   * Follows a local {@code $ref} of {@code node} (as response objects use), or returns it as it is.
   */
  public String resolveLocal(String pointer) {
    JsonNode node = at(pointer);
    String ref = node.path("$ref").asText(null);
    if (ref == null) {
      return pointer;
    }
    assertThat(ref).as("a local $ref at %s", pointer).startsWith("#");
    return resolveLocal(ref.substring(1));
  }

  /**
   * Validation errors of {@code json} (a JSON text) against the schema at {@code pointer}; empty
   * when valid.
   */
  public Set<ValidationMessage> validate(String pointer, String json) {
    return SCHEMAS
        .getSchema(SchemaLocation.of(url + "#" + pointer))
        .validate(json, InputFormat.JSON);
  }

  /** Asserts {@code json} is valid against the schema at {@code pointer}. */
  public void assertValid(String pointer, String json, String what) {
    assertThat(validate(pointer, json))
        .as("%s against %s#%s:%n%s", what, url, pointer, json)
        .isEmpty();
  }

  /**
   * The pointers of keys whose value is null: in a hand-written YAML document, almost always an
   * unquoted {@code a, b} inside a flow mapping that made {@code b} a key of its own, which schema
   * tools ignore silently.
   */
  public List<String> nullValues() {
    List<String> found = new ArrayList<>();
    collectNulls(root, "", found);
    return found;
  }

  private static void collectNulls(JsonNode node, String pointer, List<String> into) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                String child = pointer + "/" + token(field.getKey());
                if (field.getValue().isNull()) {
                  into.add(child);
                }
                collectNulls(field.getValue(), child, into);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectNulls(node.get(i), pointer + "/" + i, into);
      }
    }
  }

  /**
   * Every {@code $ref} in this document and in the schema files reached from it that resolves to
   * nothing.
   */
  public List<String> unresolvedRefs() {
    List<String> problems = new ArrayList<>();
    Map<URI, JsonNode> loaded = new HashMap<>();
    loaded.put(url, root);
    List<URI> queue = new ArrayList<>(List.of(url));
    for (int i = 0; i < queue.size(); i++) {
      URI doc = queue.get(i);
      List<String> refs = new ArrayList<>();
      collectRefs(loaded.get(doc), refs);
      for (String ref : refs) {
        URI target = doc.resolve(ref);
        URI file = URI.create(target.toString().split("#", 2)[0]);
        JsonNode fileRoot = loaded.computeIfAbsent(file, SpecDocument::fetchJson);
        if (fileRoot == null) {
          problems.add(doc + ": " + ref + " -> " + file + " could not be fetched");
          continue;
        }
        if (!queue.contains(file)) {
          queue.add(file);
        }
        String fragment = target.getFragment();
        if (fragment != null && !fragment.isEmpty() && fileRoot.at(fragment).isMissingNode()) {
          problems.add(doc + ": " + ref + " -> no " + fragment + " in " + file);
        }
      }
    }
    return problems;
  }

  private static void collectRefs(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        into.add(ref.asText());
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collectRefs(it.next(), into);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, into));
    }
  }

  private static JsonNode fetchJson(URI file) {
    HttpResponse<String> response = get(file);
    if (response.statusCode() != 200) {
      return null;
    }
    try {
      return (file.getPath().endsWith(".yaml") ? YAML : JSON).readTree(response.body());
    } catch (Exception e) {
      return null;
    }
  }

  /** A plain GET, for tests that check what a service answers. */
  public static HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  public static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e.getMessage(), e);
    }
  }

  /** {@code ~} and {@code /} escaped for a JSON pointer token. */
  public static String token(String text) {
    return text.replace("~", "~0").replace("/", "~1");
  }
}
