package dev.beacon.gateway.dispatch;

import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.protocol.ErrorCode;
import java.util.Set;

/**
 * A frame the gateway answers with an error instead of an {@code OK} or an ack: a code of the
 * catalogue ({@link ErrorCode}) and a message that says what to do about it.
 */
public final class GatewayError extends RuntimeException {

  private final ErrorCode code;

  GatewayError(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static GatewayError of(InvalidFixException rejected) {
    return new GatewayError(rejected.reason().error(), rejected.getMessage());
  }

  public static GatewayError kafkaUnavailable(String why) {
    return new GatewayError(
        ErrorCode.KAFKA_UNAVAILABLE, why + "; the fix may not be stored, send it again later");
  }

  public static GatewayError overloaded(int limit) {
    return new GatewayError(
        ErrorCode.OVERLOADED,
        "the gateway already has "
            + limit
            + " fixes awaiting Kafka; nothing was written, send it again later");
  }

  /** A fix for a device the connection's identity does not hold; {@code why} says what to do. */
  public static GatewayError deviceNotPermitted(String why) {
    return new GatewayError(ErrorCode.DEVICE_NOT_PERMITTED, why);
  }

  public static GatewayError invalidJson(String detail) {
    return new GatewayError(ErrorCode.INVALID_JSON, "Invalid JSON format: " + abbreviate(detail));
  }

  /**
   * A handler failed in a way it did not anticipate; the details are in the gateway's log, not on
   * the wire.
   */
  public static GatewayError internal() {
    return new GatewayError(
        ErrorCode.INTERNAL_ERROR,
        "the gateway could not handle this message; it was not processed");
  }

  public static GatewayError unknownType(Object type, Set<String> known) {
    String given = type == null ? "(none)" : "'" + abbreviate(String.valueOf(type)) + "'";
    return new GatewayError(
        ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + given + "; expected one of " + known);
  }

  private static String abbreviate(String s) {
    String firstLine = s.lines().findFirst().orElse("");
    return firstLine.length() <= 120 ? firstLine : firstLine.substring(0, 120) + "...";
  }

  public String code() {
    return code.code();
  }

  /** {@code <code>: <message>}, the text after {@code ERR } in a CSV reply. */
  public String describe() {
    return code.code() + ": " + getMessage();
  }
}
