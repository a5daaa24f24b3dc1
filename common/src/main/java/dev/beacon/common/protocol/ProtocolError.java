package dev.beacon.common.protocol;

/**
 * The error codes of the real-time messaging protocol, sent as {@code {"type":"error","code":...}} and
 * documented in {@code docs/protocol.md}. A client that gets one of them keeps its connection.
 */
public enum ProtocolError {

  /** The frame is not a JSON object. Messages start with {@code "Invalid JSON format"}. */
  INVALID_JSON("invalid_json"),
  /** {@code type} is missing, not a string or not one Beacon knows. Messages start with {@code "Unknown message type"}. */
  UNKNOWN_TYPE("unknown_type"),
  /** A field is missing, of the wrong type or too long; the message names the field and what to send. */
  BAD_REQUEST("bad_request"),
  /** A room name breaks the room rule or names a reserved room where it may not be used. */
  BAD_ROOM("bad_room"),
  /** The connection's token does not allow this room (its {@code rooms} or {@code publish} claim). */
  FORBIDDEN("forbidden"),
  /** A {@code refresh} token was refused (bad signature, expired, another subject, or authentication is off). */
  INVALID_TOKEN("invalid_token");

  private final String code;

  ProtocolError(String code) {
    this.code = code;
  }

  /** The code as it appears on the wire. */
  public String code() {
    return code;
  }
}
