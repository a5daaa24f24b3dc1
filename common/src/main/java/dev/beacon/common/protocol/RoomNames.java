package dev.beacon.common.protocol;

import java.util.regex.Pattern;

/**
 * The room name rule: 1-{@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : -}.
 *
 * <p>Rooms starting with {@value #GPS_PREFIX} are reserved for live GPS: {@code gps:<deviceId>}
 * follows one device (any device id of the GPS rule, 1-64 characters, so such a room may be up to
 * 68 characters long) and {@value #GPS_ALL} follows all devices. Clients may subscribe to them and
 * ask for their presence but never publish to them. Room names never contain {@code *} (except
 * {@value #GPS_ALL}) or {@code @}, so they cannot collide with the broadcast key {@code *} or
 * direct keys {@code @<client>} of the Kafka topics.
 *
 * <p>Rooms starting with {@value #EVENTS_PREFIX} are reserved, read-only, for geofence events under
 * the same rules: {@code events:<deviceId>} for one device, {@value #EVENTS_ALL} for all.
 */
public final class RoomNames {

  public static final int MAX_LENGTH = 64;

  /** Longest device id a {@code gps:<deviceId>} room may carry (the GPS device id rule). */
  public static final int MAX_GPS_DEVICE_ID_LENGTH = 64;

  public static final String DEFAULT_ROOM = "lobby";
  public static final String GPS_PREFIX = "gps:";
  public static final String GPS_ALL = "gps:*";
  public static final String RULE = "1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -";

  public static final String EVENTS_PREFIX = "events:";
  public static final String EVENTS_ALL = "events:*";

  private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9._:-]+");

  private RoomNames() {}

  /** True when {@code room} is a live GPS room ({@code gps:<deviceId>} or {@code gps:*}). */
  public static boolean isGps(String room) {
    return room.startsWith(GPS_PREFIX);
  }

  /**
   * The device a {@code gps:<deviceId>} room follows, or null for {@value #GPS_ALL} and non-GPS
   * rooms.
   */
  public static String gpsDeviceId(String room) {
    return isGps(room) && !room.equals(GPS_ALL) ? room.substring(GPS_PREFIX.length()) : null;
  }

  /** The room that follows one device. */
  public static String gpsRoom(String deviceId) {
    return GPS_PREFIX + deviceId;
  }

  /**
   * True when {@code room} carries geofence events ({@code events:<deviceId>} or {@code events:*}).
   */
  public static boolean isEvents(String room) {
    return room.startsWith(EVENTS_PREFIX);
  }

  /** The room of one device's geofence events. */
  public static String eventsRoom(String deviceId) {
    return EVENTS_PREFIX + deviceId;
  }

  /**
   * The device an {@code events:<deviceId>} room follows, or null for {@value #EVENTS_ALL} and
   * other rooms.
   */
  public static String eventsDeviceId(String room) {
    return isEvents(room) && !room.equals(EVENTS_ALL)
        ? room.substring(EVENTS_PREFIX.length())
        : null;
  }

  /**
   * Checks a room a client may subscribe to or ask presence of: any valid room, GPS and event rooms
   * included.
   */
  public static String checkSubscribable(String field, String room) throws ProtocolException {
    if (isEvents(room)) {
      String device = room.substring(EVENTS_PREFIX.length());
      if (room.equals(EVENTS_ALL) || validChars(device, MAX_GPS_DEVICE_ID_LENGTH)) {
        return room;
      }
      throw new ProtocolException(
          ErrorCode.BAD_ROOM,
          "field '"
              + field
              + "': room '"
              + abbreviate(room)
              + "' must be events:* or events:<deviceId> with a device id of 1-"
              + MAX_GPS_DEVICE_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -");
    }
    if (isGps(room)) {
      String device = room.substring(GPS_PREFIX.length());
      if (room.equals(GPS_ALL) || validChars(device, MAX_GPS_DEVICE_ID_LENGTH)) {
        return room;
      }
      throw new ProtocolException(
          ErrorCode.BAD_ROOM,
          "field '"
              + field
              + "': room '"
              + abbreviate(room)
              + "' must be gps:* or gps:<deviceId> with a device id of 1-"
              + MAX_GPS_DEVICE_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -");
    }
    return checkNamed(field, room);
  }

  /** Checks a room a client may publish to: a valid room that is not reserved for GPS. */
  public static String checkPublishable(String field, String room) throws ProtocolException {
    if (isEvents(room)) {
      throw new ProtocolException(
          ErrorCode.BAD_ROOM,
          "field '"
              + field
              + "': room '"
              + abbreviate(room)
              + "' is reserved for geofence events and read-only; publish to a room not starting with "
              + EVENTS_PREFIX);
    }
    if (isGps(room)) {
      throw new ProtocolException(
          ErrorCode.BAD_ROOM,
          "field '"
              + field
              + "': room '"
              + abbreviate(room)
              + "' is reserved for live GPS and read-only; publish to a room not starting with "
              + GPS_PREFIX);
    }
    return checkNamed(field, room);
  }

  /**
   * True when {@code room} follows the room rule (GPS rooms included); for records, which are not
   * client input.
   */
  public static boolean isValid(String room) {
    try {
      checkSubscribable("room", room);
      return true;
    } catch (ProtocolException e) {
      return false;
    }
  }

  private static String checkNamed(String field, String room) throws ProtocolException {
    if (!validChars(room, MAX_LENGTH)) {
      throw new ProtocolException(
          ErrorCode.BAD_ROOM,
          "field '" + field + "': room '" + abbreviate(room) + "' must be " + RULE);
    }
    return room;
  }

  private static boolean validChars(String s, int maxLength) {
    return !s.isEmpty() && s.length() <= maxLength && CHARS.matcher(s).matches();
  }

  public static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
