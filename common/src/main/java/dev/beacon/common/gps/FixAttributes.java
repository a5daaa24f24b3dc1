package dev.beacon.common.gps;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fix's {@code attributes} as a JSON object, the one form they take outside a {@link FixDetails}:
 * in a store's column and in an API response. Whole numbers read back as {@link Long} and the rest
 * as {@link Double}, whatever their size, so a fix reads back equal to the one written.
 */
public final class FixAttributes {

  private FixAttributes() {}

  /** The attributes as a JSON object, or {@code null} when there are none. */
  public static String encode(Map<String, Object> attributes) {
    return attributes.isEmpty() ? null : Json.encode(attributes);
  }

  /** The attributes of a JSON object written by {@link #encode}; empty for {@code null}. */
  public static Map<String, Object> decode(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    return normalise(new JsonObject(json).getMap());
  }

  /** The same attributes with every whole number a {@link Long}, in their order. */
  public static Map<String, Object> normalise(Map<String, Object> attributes) {
    Map<String, Object> normalised = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) ->
            normalised.put(
                name,
                value instanceof Integer || value instanceof Short || value instanceof Byte
                    ? Long.valueOf(((Number) value).longValue())
                    : value instanceof Float f ? Double.valueOf(f) : value));
    return normalised;
  }
}
