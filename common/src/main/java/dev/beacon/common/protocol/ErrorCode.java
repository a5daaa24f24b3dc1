package dev.beacon.common.protocol;

/**
 * Every error code a Beacon client can receive on a WebSocket, in one place: sent as {@code ERR
 * <code>: <message>} on the device endpoints and as {@code {"type":"error","code":...}} on {@code
 * /chat}, and listed in the error tables of {@code docs/protocol.md} ({@code ErrorCatalogueTest}
 * keeps the two equal). A client that gets one of them keeps its connection; what ends a connection
 * is a close code ({@link CloseCodes}).
 *
 * <p>The GPS codes are the reasons a fix is refused ({@link dev.beacon.common.gps.RejectReason}
 * names that subset); the others come from messaging and from the gateway itself.
 */
public enum ErrorCode {

  // GPS fixes: why a frame is not a valid fix.
  EMPTY_FRAME("empty_frame"),
  LINE_TOO_LONG("line_too_long"),
  BAD_FORMAT("bad_format"),
  BAD_DEVICE_ID("bad_device_id"),
  BAD_TIMESTAMP("bad_timestamp"),
  TIMESTAMP_IN_FUTURE("timestamp_in_future"),
  BAD_NUMBER("bad_number"),
  LAT_OUT_OF_RANGE("lat_out_of_range"),
  LON_OUT_OF_RANGE("lon_out_of_range"),

  // GPS fix details (issue 20): what a device reports beside its position, each optional.
  /** {@code speed} is not a finite number within [0, 1000] m/s. */
  SPEED_OUT_OF_RANGE("speed_out_of_range"),
  /** {@code course} is not a finite number within [0, 360) degrees. */
  COURSE_OUT_OF_RANGE("course_out_of_range"),
  /** {@code altitude} is not a finite number within [-12000, 100000] m. */
  ALTITUDE_OUT_OF_RANGE("altitude_out_of_range"),
  /** {@code accuracy} is not a finite number within [0, 1000000] m. */
  ACCURACY_OUT_OF_RANGE("accuracy_out_of_range"),
  /** {@code battery} is not a finite number within [0, 100] %. */
  BATTERY_OUT_OF_RANGE("battery_out_of_range"),
  /** {@code attributes} has more entries than {@code BEACON_FIX_MAX_ATTRIBUTES}. */
  TOO_MANY_ATTRIBUTES("too_many_attributes"),
  /**
   * An attribute's name breaks the name rule, or its value is not a string, finite number or
   * boolean, or is a string longer than {@code BEACON_FIX_MAX_ATTRIBUTE_VALUE_LENGTH}.
   */
  BAD_ATTRIBUTE("bad_attribute"),

  // Device identity (docs/security.md, "Device identity").
  /**
   * A fix for a device the connection's identity (device key, JWT) does not hold, or no identity
   * where one is required.
   */
  DEVICE_NOT_PERMITTED("device_not_permitted"),
  /**
   * A {@code KEY} frame with a key that is unknown, revoked or malformed, or sent when it cannot
   * apply.
   */
  INVALID_KEY("invalid_key"),

  // Any JSON frame.
  /** The frame is not a JSON object. Messages start with {@code "Invalid JSON format"}. */
  INVALID_JSON("invalid_json"),
  /**
   * {@code type} is missing, not a string or not one Beacon knows. Messages start with {@code
   * "Unknown message type"}.
   */
  UNKNOWN_TYPE("unknown_type"),

  // Real-time messaging.
  /**
   * A field is missing, of the wrong type or too long; the message names the field and what to
   * send.
   */
  BAD_REQUEST("bad_request"),
  /** A room name breaks the room rule or names a reserved room where it may not be used. */
  BAD_ROOM("bad_room"),
  /** A {@code direct} names a client that is not connected anywhere in the cluster. */
  CLIENT_NOT_CONNECTED("client_not_connected"),
  /**
   * The connection's token does not allow this room (its {@code rooms} or {@code publish} claim).
   */
  FORBIDDEN("forbidden"),
  /**
   * A {@code refresh} token was refused (bad signature, expired, another subject, or authentication
   * is off).
   */
  INVALID_TOKEN("invalid_token"),
  /**
   * A {@code subscribe} would take the connection past {@code BEACON_MAX_ROOMS_PER_CONNECTION}
   * rooms; nothing changed.
   */
  TOO_MANY_ROOMS("too_many_rooms"),

  // Channel namespaces and JSON payloads (docs/protocol.md, "JSON payloads", "Channel namespaces").
  /**
   * A message's {@code data} (its JSON text) or text is larger than its channel's namespace allows
   * ({@code maxPayloadBytes}, UTF-8 bytes); nothing was sent.
   */
  PAYLOAD_TOO_LARGE("payload_too_large"),
  /**
   * A client published ({@code publish}, {@code chat}) to a channel whose namespace does not let
   * clients publish ({@code clientPublish} false); only the server API may.
   */
  PUBLISH_NOT_ALLOWED("publish_not_allowed"),
  /**
   * A {@code subscribe} with {@code since} to a channel whose namespace has recovery off; nothing
   * changed.
   */
  RECOVERY_NOT_ALLOWED("recovery_not_allowed"),
  /** A {@code presence} query on a channel whose namespace has presence off. */
  PRESENCE_NOT_ALLOWED("presence_not_allowed"),

  // Channels: history and presence as APIs (issue 21).
  /** A {@code history} of a room whose namespace keeps none ({@code historySize} 0). */
  HISTORY_OFF("history_off"),
  /**
   * A {@code history} with a {@code since} that history no longer holds (older than its size or
   * time-to-live, or of another epoch): ask again without {@code since}.
   */
  POSITION_LOST("position_lost"),

  // The gateway.
  /** Kafka did not take the fix or message in time; nothing is lost by sending it again. */
  KAFKA_UNAVAILABLE("kafka_unavailable"),
  /** Too many fixes are awaiting Kafka in this gateway; nothing was written. */
  OVERLOADED("overloaded"),
  /**
   * A {@code subscribe} with {@code since} found the connection or the gateway with as many history
   * replays running as it may: the room is joined, nothing was replayed; send the subscribe again
   * later to recover.
   */
  RECOVERY_BUSY("recovery_busy"),
  /** The gateway failed in a way it did not anticipate; its log says why. */
  INTERNAL_ERROR("internal_error"),

  // Proxy hooks (docs/proxy.md): the application's backend decides subscribe, publish and refresh.
  /**
   * The application's backend refused the {@code subscribe}, publish or {@code refresh}; {@code
   * app_code} carries its code. Nothing changed.
   */
  PROXY_REFUSED("proxy_refused"),
  /**
   * The application's backend could not be asked (down, slow, overloaded, or it answered badly);
   * nothing changed, send the request again later.
   */
  PROXY_UNAVAILABLE("proxy_unavailable");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The code as it appears on the wire. */
  public String code() {
    return code;
  }

  /**
   * The message telling the author of a {@code direct} that its recipient is not connected: one
   * wording whether the gateway refuses it up front or the broadcaster finds the recipient gone
   * when it routes.
   */
  public static String clientNotConnected(String to) {
    return "Client '"
        + RoomNames.abbreviate(to)
        + "' is not connected; check the client id, or ask them to"
        + " reconnect and send the message again";
  }
}
