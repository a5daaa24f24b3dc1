package dev.beacon.ingestor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a list starts: the key of the last row served, plus which list it belongs
 * to. Keyset paging on the store's primary keys ({@code device_latest.device_id}, {@code
 * gps_fix(device_id, device_ts)}), so a page costs an index seek however deep it is, and rows
 * inserted while a client pages never shift it: no row is served twice and none that existed at the
 * first page is skipped.
 *
 * <p>On the wire it is opaque to clients: base64url of {@code <version> LF <list> LF <scope> LF
 * <key>}, where scope is the device of a positions list (empty for the device list). The list and
 * scope are checked on the way back in, so a cursor of one device's positions cannot be used on
 * another's.
 *
 * @param list which list: {@link #DEVICES}, {@link #POSITIONS} or {@link #CONFLICTS}
 * @param scope the device whose positions (or conflicts) are paged; empty for the device list and
 *     all conflicts
 * @param key the last row served: a device id, a device timestamp in decimal, or a conflict's id
 */
record PageCursor(String list, String scope, String key) {

  static final String DEVICES = "devices";
  static final String POSITIONS = "positions";
  static final String CONFLICTS = "conflicts";

  /**
   * Longer cursors are refused unread: no cursor Beacon issues comes near it (device ids are at
   * most 64 characters).
   */
  static final int MAX_ENCODED_LENGTH = 512;

  private static final String VERSION = "1";
  private static final String SEPARATOR = "\n";

  static PageCursor afterDevice(String deviceId) {
    return new PageCursor(DEVICES, "", deviceId);
  }

  static PageCursor afterPosition(String deviceId, long deviceTs) {
    return new PageCursor(POSITIONS, deviceId, Long.toString(deviceTs));
  }

  /**
   * @param deviceId the device filter of the list, null for every device
   */
  static PageCursor afterConflict(String deviceId, long id) {
    return new PageCursor(CONFLICTS, deviceId == null ? "" : deviceId, Long.toString(id));
  }

  String encode() {
    String plain = String.join(SEPARATOR, VERSION, list, scope, key);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor this API issued for {@code list} and {@code scope}.
   *
   * @throws BadCursor with a message for the client: what is wrong and what to do
   */
  static PageCursor decode(String encoded, String list, String scope) {
    String[] parts = parts(encoded);
    if (parts == null || parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
      throw new BadCursor(
          "'cursor' is not a cursor this API issued; pass the next_cursor (or follow"
              + " the Link rel=\"next\" URL) of the previous page unchanged, or leave it out to start from the first page");
    }
    if (!parts[1].equals(list) || !parts[2].equals(scope)) {
      throw new BadCursor(
          "'cursor' belongs to another list ("
              + describe(parts[1], parts[2])
              + "), not to "
              + describe(list, scope)
              + "; use a cursor from this list, or leave it out to start over");
    }
    return new PageCursor(list, scope, parts[3]);
  }

  /** The key as a device timestamp, for a positions cursor. */
  long keyAsTimestamp() {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new BadCursor(
          "'cursor' is damaged (its position is not a timestamp); pass the next_cursor"
              + " of the previous page unchanged, or leave it out to start from the first page");
    }
  }

  /** The key as a conflict id, for a conflicts cursor. */
  long keyAsId() {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new BadCursor(
          "'cursor' is damaged (its position is not a conflict id); pass the next_cursor"
              + " of the previous page unchanged, or leave it out to start from the first page");
    }
  }

  private static String[] parts(String encoded) {
    if (encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)
          .split(SEPARATOR, -1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A cursor that is malformed, damaged or from another list: the client should start over or pass
   * it unchanged.
   */
  static final class BadCursor extends IllegalArgumentException {
    BadCursor(String message) {
      super(message);
    }
  }

  private static String describe(String list, String scope) {
    return scope.isEmpty() ? "the " + list + " list" : "the " + list + " of device '" + scope + "'";
  }
}
