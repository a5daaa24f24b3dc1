package dev.beacon.common.protocol;

/**
 * An operator command, one record of {@code beacon.control} (codec: {@link ControlRecordCodec}),
 * written by a gateway's server API and read by every gateway; the gateway that holds the client
 * carries it out, the others ignore it. Today the only command is {@code disconnect}.
 *
 * @param clientId the client to disconnect
 * @param code the WebSocket close code to send: 1000, or 3000-4999
 * @param reason the close reason, at most {@value #MAX_REASON_BYTES} bytes of UTF-8 (the RFC 6455
 *     limit)
 */
public record ControlRecord(String clientId, int code, String reason) {

  /** The record key of a disconnect: the client id. */
  public static final String DISCONNECT = "disconnect";

  /** RFC 6455: a close frame's reason fits in 123 bytes of UTF-8. */
  public static final int MAX_REASON_BYTES = 123;

  public ControlRecord {
    RecordValues.required(clientId, "client_id");
    reason = reason == null ? "" : reason;
    String problem = closeProblem(code, reason);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * What is wrong with a close code and reason an operator asked for, or null when they may be
   * sent: the code must be 1000 or in 3000-4999 (the codes an application may send), the reason at
   * most {@value #MAX_REASON_BYTES} bytes of UTF-8.
   */
  public static String closeProblem(int code, String reason) {
    if (code != 1000 && (code < 3000 || code > 4999)) {
      return "field 'code' must be 1000 or 3000-4999 (codes an application may send), got " + code;
    }
    if (reason != null
        && reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      return "field 'reason' must be at most "
          + MAX_REASON_BYTES
          + " bytes of UTF-8 (a WebSocket close frame)";
    }
    return null;
  }
}
