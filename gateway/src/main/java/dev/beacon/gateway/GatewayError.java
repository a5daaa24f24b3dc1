package dev.beacon.gateway;

import dev.beacon.common.gps.InvalidFixException;
import java.util.Set;

/**
 * A frame the gateway answers with an error instead of an {@code OK} or an ack. {@link #code()} is the stable
 * machine-readable code; the message says what to do about it.
 *
 * <p>Codes besides the GPS reject reasons of {@link dev.beacon.common.gps.RejectReason}:
 * <ul>
 *   <li>{@code kafka_unavailable}: Kafka did not acknowledge the fix in time; send it again later;</li>
 *   <li>{@code overloaded}: too many fixes are awaiting Kafka in this gateway; nothing was written;</li>
 *   <li>{@code invalid_json}: a frame starting with <code>{</code> is not a JSON object;</li>
 *   <li>{@code unknown_type}: the JSON {@code type} is missing or not one the gateway handles;</li>
 *   <li>{@code internal_error}: the gateway failed unexpectedly; its log says why.</li>
 * </ul>
 */
final class GatewayError extends RuntimeException {

  static final String KAFKA_UNAVAILABLE = "kafka_unavailable";
  static final String OVERLOADED = "overloaded";
  static final String INVALID_JSON = "invalid_json";
  static final String UNKNOWN_TYPE = "unknown_type";
  static final String INTERNAL_ERROR = "internal_error";

  private final String code;

  GatewayError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static GatewayError of(InvalidFixException rejected) {
    return new GatewayError(rejected.reason().code(), rejected.getMessage());
  }

  static GatewayError kafkaUnavailable(String why) {
    return new GatewayError(KAFKA_UNAVAILABLE, why + "; the fix may not be stored, send it again later");
  }

  static GatewayError overloaded(int limit) {
    return new GatewayError(OVERLOADED, "the gateway already has " + limit
        + " fixes awaiting Kafka; nothing was written, send it again later");
  }

  static GatewayError invalidJson(String detail) {
    return new GatewayError(INVALID_JSON, "Invalid JSON format: " + abbreviate(detail));
  }

  /** A handler failed in a way it did not anticipate; the details are in the gateway's log, not on the wire. */
  static GatewayError internal() {
    return new GatewayError(INTERNAL_ERROR, "the gateway could not handle this message; it was not processed");
  }

  static GatewayError unknownType(Object type, Set<String> known) {
    String given = type == null ? "(none)" : "'" + abbreviate(String.valueOf(type)) + "'";
    return new GatewayError(UNKNOWN_TYPE, "Unknown message type: " + given + "; expected one of " + known);
  }

  private static String abbreviate(String s) {
    String firstLine = s.lines().findFirst().orElse("");
    return firstLine.length() <= 120 ? firstLine : firstLine.substring(0, 120) + "...";
  }

  String code() {
    return code;
  }

  /** {@code <code>: <message>}, the text after {@code ERR } in a CSV reply. */
  String describe() {
    return code + ": " + getMessage();
  }
}
