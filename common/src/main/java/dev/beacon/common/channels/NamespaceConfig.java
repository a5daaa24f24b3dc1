package dev.beacon.common.channels;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the channel namespaces from their one configuration file ({@code BEACON_NAMESPACES_FILE},
 * JSON), the same way in every gateway, the broadcaster and {@code beacon local}:
 *
 * <pre>{@code
 * {
 *   "default":    { "maxPayloadBytes": 65536 },
 *   "namespaces": {
 *     "chat":    { "historySize": 100, "historyTtl": "1h", "joinLeave": true },
 *     "feed":    { "clientPublish": false },
 *     "private": { "subscribeGrant": true, "recovery": false, "presence": false }
 *   }
 * }
 * }</pre>
 *
 * <p>Every namespace, the default one included, starts from Beacon's built-in rules ({@link
 * ChannelNamespace#DEFAULT}) and changes the fields it names. A mistake fails the start-up with a
 * message naming the file, the namespace and the field.
 */
public final class NamespaceConfig {

  /** The fields a namespace may set, as written in the file. */
  public static final Set<String> FIELDS =
      Set.of(
          "historySize",
          "historyTtl",
          "recovery",
          "presence",
          "joinLeave",
          "clientPublish",
          "subscribeGrant",
          "maxPayloadBytes",
          "proxySubscribe",
          "proxyPublish");

  /** A namespace's name: what comes before the first {@code :} of its channels. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String source;

  private NamespaceConfig(String source) {
    this.source = source;
  }

  /**
   * The namespaces in {@code file}.
   *
   * @throws IllegalArgumentException when the file cannot be read or says something invalid, naming
   *     the file, the namespace and the field
   */
  public static ChannelNamespaces load(Path file) {
    String source = "namespaces file " + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          source
              + ": cannot be read ("
              + e
              + "); fix BEACON_NAMESPACES_FILE or leave it unset for the default namespace only",
          e);
    }
    return parse(text, source);
  }

  /**
   * The namespaces in {@code json}; {@code source} names where it came from in error messages.
   *
   * @throws IllegalArgumentException when it says something invalid, naming the namespace and field
   */
  public static ChannelNamespaces parse(String json, String source) {
    return new NamespaceConfig(source).read(json);
  }

  private ChannelNamespaces read(String json) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw invalid("is not a JSON object (" + e.getMessage() + ")");
    }
    for (String key : root.fieldNames()) {
      if (!key.equals("default") && !key.equals("namespaces")) {
        throw invalid(
            "unknown top-level field '" + key + "'; only \"default\" and \"namespaces\" are read");
      }
    }
    List<ChannelNamespace> namespaces = new ArrayList<>();
    if (root.containsKey("default")) {
      namespaces.add(namespace(ChannelNamespace.DEFAULT_NAME, object(root, "default", "default")));
    }
    if (root.containsKey("namespaces")) {
      JsonObject named = object(root, "namespaces", "namespaces");
      for (Map.Entry<String, Object> entry : named) {
        String name = entry.getKey();
        if (!NAME.matcher(name).matches()) {
          throw invalid(
              "namespace '"
                  + name
                  + "': a name is 1-64 characters of A-Z a-z 0-9 _ . - (no ':'), the part of a"
                  + " channel before its first ':'");
        }
        namespaces.add(namespace(name, object(named, name, "namespace '" + name + "'")));
      }
    }
    return ChannelNamespaces.of(namespaces);
  }

  private ChannelNamespace namespace(String name, JsonObject fields) {
    String label = name.isEmpty() ? "the default namespace" : "namespace '" + name + "'";
    ChannelNamespace.Builder b = ChannelNamespace.builder(name);
    for (String field : fields.fieldNames()) {
      Object value = fields.getValue(field);
      switch (field) {
        case "historySize" -> b.historySize(wholeNumber(label, field, value, 0));
        case "historyTtl" -> b.historyTtl(duration(label, field, value));
        case "recovery" -> b.recovery(bool(label, field, value));
        case "presence" -> b.presence(bool(label, field, value));
        case "joinLeave" -> b.joinLeave(bool(label, field, value));
        case "clientPublish" -> b.clientPublish(bool(label, field, value));
        case "subscribeGrant" -> b.subscribeGrant(bool(label, field, value));
        case "maxPayloadBytes" -> b.maxPayloadBytes(wholeNumber(label, field, value, 1));
        case "proxySubscribe" -> b.proxySubscribe(bool(label, field, value));
        case "proxyPublish" -> b.proxyPublish(bool(label, field, value));
        default ->
            throw invalid(
                label
                    + ": unknown field '"
                    + field
                    + "'; a namespace sets any of "
                    + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private JsonObject object(JsonObject parent, String key, String label) {
    Object value = parent.getValue(key);
    if (!(value instanceof JsonObject object)) {
      throw invalid(label + ": expected a JSON object, got " + shown(value));
    }
    return object;
  }

  private boolean bool(String label, String field, Object value) {
    if (!(value instanceof Boolean b)) {
      throw invalid(label + ", field '" + field + "': expected true or false, got " + shown(value));
    }
    return b;
  }

  private int wholeNumber(String label, String field, Object value, int min) {
    if (value instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min
        && n.doubleValue() <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw invalid(
        label
            + ", field '"
            + field
            + "': expected a whole number of at least "
            + min
            + ", got "
            + shown(value));
  }

  /** A duration as people write it ({@code 30s}, {@code 1h}, {@code 7d}, ISO {@code PT1H}). */
  private Duration duration(String label, String field, Object value) {
    if (value instanceof String s) {
      Matcher m = SIMPLE_DURATION.matcher(s.strip().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      try {
        Duration d = Duration.parse(s.strip().toUpperCase(Locale.ROOT));
        if (!d.isNegative()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // falls through to the error below
      }
    }
    throw invalid(
        label
            + ", field '"
            + field
            + "': expected a duration such as \"30s\", \"1h\", \"7d\" or \"PT1H\", got "
            + shown(value));
  }

  private static String shown(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  private IllegalArgumentException invalid(String what) {
    return new IllegalArgumentException(source + ": " + what);
  }
}
