package dev.beacon.common.protocol;

/**
 * An operator command, one record of {@code beacon.control} (codec: {@link ControlRecordCodec}),
 * written by a gateway's server API and read by every gateway; the gateway that holds the client
 * carries it out, the others ignore it. Commands: {@code disconnect}, and {@code subscribe} and
 * {@code unsubscribe} (a server-side subscription of a connected client to a room, issue 21).
 *
 * @param command {@link #DISCONNECT}, {@link #SUBSCRIBE} or {@link #UNSUBSCRIBE}
 * @param clientId the client the command is for
 * @param code the WebSocket close code of a disconnect: 1000, or 3000-4999; 0 for the others
 * @param reason the close reason, at most {@value #MAX_REASON_BYTES} bytes of UTF-8 (the RFC 6455
 *     limit); empty for the others
 * @param room the room to subscribe to or unsubscribe from; null for a disconnect
 */
public record ControlRecord(String command, String clientId, int code, String reason, String room) {

  public static final String DISCONNECT = "disconnect";
  public static final String SUBSCRIBE = "subscribe";
  public static final String UNSUBSCRIBE = "unsubscribe";

  /** RFC 6455: a close frame's reason fits in 123 bytes of UTF-8. */
  public static final int MAX_REASON_BYTES = 123;

  public ControlRecord {
    RecordValues.required(command, "command");
    RecordValues.required(clientId, "client_id");
    reason = reason == null ? "" : reason;
    if (DISCONNECT.equals(command)) {
      String problem = closeProblem(code, reason);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    } else if (SUBSCRIBE.equals(command) || UNSUBSCRIBE.equals(command)) {
      RecordValues.required(room, "room");
    } else {
      throw new IllegalArgumentException(
          "field 'command' must be disconnect, subscribe or unsubscribe, got '"
              + RoomNames.abbreviate(command)
              + "'");
    }
  }

  /** A disconnect of {@code clientId} with {@code code} and {@code reason}. */
  public ControlRecord(String clientId, int code, String reason) {
    this(DISCONNECT, clientId, code, reason, null);
  }

  /** Subscribes the connected client {@code clientId} to {@code room}. */
  public static ControlRecord subscribe(String clientId, String room) {
    return new ControlRecord(SUBSCRIBE, clientId, 0, "", room);
  }

  /** Unsubscribes the connected client {@code clientId} from {@code room}. */
  public static ControlRecord unsubscribe(String clientId, String room) {
    return new ControlRecord(UNSUBSCRIBE, clientId, 0, "", room);
  }

  public boolean isDisconnect() {
    return DISCONNECT.equals(command);
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
