package dev.beacon.gateway.proxy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What one call to the application's backend came to, shaped as Centrifugo's proxy responses: a
 * {@code result} (allowed, perhaps with changes), an {@code error} ({@code code}, {@code message})
 * or a {@code disconnect} ({@code code} 4000-4999, {@code reason}) (both refusals); or no usable
 * answer at all ({@link Outcome#ERROR}, {@link Outcome#TIMEOUT}, {@link Outcome#OVERLOADED}), which
 * the gateway treats as the backend being down (docs/proxy.md, "When the backend is down").
 *
 * @param outcome how the call ended; also the {@code outcome} tag of its metrics
 * @param result the backend's {@code result} object when {@link Outcome#ALLOW}, else null
 * @param errorCode the backend's {@code error.code} (a refusal without a disconnect), else 0
 * @param disconnectCode the backend's {@code disconnect.code}, 4000-4999, else 0
 * @param message the backend's {@code error.message} or {@code disconnect.reason} for a refusal;
 *     for a failure, what went wrong (for logs and the client's message)
 */
public record ProxyReply(
    Outcome outcome, JsonObject result, int errorCode, int disconnectCode, String message) {

  /** How a call ended. */
  public enum Outcome {
    /** The backend answered {@code result}. */
    ALLOW,
    /** The backend answered {@code error} or {@code disconnect}. */
    DENY,
    /** No usable answer: connection refused or reset, an HTTP status not 2xx, a malformed body. */
    ERROR,
    /** No answer within {@code BEACON_PROXY_TIMEOUT}. */
    TIMEOUT,
    /** Not sent: {@code BEACON_PROXY_MAX_IN_FLIGHT} calls were already waiting for the backend. */
    OVERLOADED;

    /** The tag value: {@code allow}, {@code deny}, {@code error}, {@code timeout}, ... */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Centrifugo's range for application disconnect codes. */
  public static final int MIN_DISCONNECT_CODE = 4000;

  public static final int MAX_DISCONNECT_CODE = 4999;

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  public boolean denied() {
    return outcome == Outcome.DENY;
  }

  /** Whether the backend could not be asked or did not answer usably. */
  public boolean failed() {
    return !allowed() && !denied();
  }

  static ProxyReply failure(Outcome outcome, String why) {
    return new ProxyReply(outcome, null, 0, 0, why);
  }

  /** Reads the backend's HTTP answer; anything but a well-formed one is {@link Outcome#ERROR}. */
  public static ProxyReply parse(int status, String body) {
    if (status < 200 || status > 299) {
      return failure(Outcome.ERROR, "the backend answered HTTP " + status);
    }
    JsonObject reply;
    try {
      reply = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return failure(Outcome.ERROR, "the backend's answer is not a JSON object");
    }
    Object disconnect = reply.getValue("disconnect");
    if (disconnect != null) {
      return disconnect(disconnect);
    }
    Object error = reply.getValue("error");
    if (error != null) {
      return error(error);
    }
    Object result = reply.getValue("result");
    if (result instanceof JsonObject allowed) {
      return new ProxyReply(Outcome.ALLOW, allowed, 0, 0, null);
    }
    return failure(
        Outcome.ERROR, "the backend's answer has no 'result', 'error' or 'disconnect' object");
  }

  private static ProxyReply disconnect(Object value) {
    if (!(value instanceof JsonObject d) || !(d.getValue("code") instanceof Number n)) {
      return failure(Outcome.ERROR, "the backend's 'disconnect' has no numeric 'code'");
    }
    int code = n.intValue();
    if (code < MIN_DISCONNECT_CODE || code > MAX_DISCONNECT_CODE) {
      return failure(
          Outcome.ERROR,
          "the backend's disconnect code " + code + " is outside 4000-4999 (docs/proxy.md)");
    }
    return new ProxyReply(Outcome.DENY, null, 0, code, text(d.getValue("reason")));
  }

  private static ProxyReply error(Object value) {
    if (!(value instanceof JsonObject e) || !(e.getValue("code") instanceof Number n)) {
      return failure(Outcome.ERROR, "the backend's 'error' has no numeric 'code'");
    }
    return new ProxyReply(Outcome.DENY, null, n.intValue(), 0, text(e.getValue("message")));
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
  }
}
