package dev.beacon.ingestor;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The parameters of a positions request, validated: {@code from} and {@code to} (inclusive, epoch
 * milliseconds or ISO-8601 instants, default all time), {@code limit} (see {@link PageSize}) and
 * {@code cursor} (where the previous page ended, see {@link PageCursor}).
 *
 * @param fromMs the first device timestamp of this page: {@code from}, or just after the cursor's
 */
record PositionQuery(String deviceId, long fromMs, long toMs, int limit) {

  /** Rows of a page when the request gives no {@code limit}. */
  static final int DEFAULT_LIMIT = PageSize.DEFAULT_SIZE;

  /** The largest {@code limit} by default ({@code BEACON_INGESTOR_MAX_PAGE_SIZE}). */
  static final int MAX_LIMIT = IngestorConfig.DEFAULT_MAX_PAGE_SIZE;

  /**
   * As {@link #parse(String, String, String, String, String, PageSize)} with no cursor and the
   * default sizes.
   */
  static PositionQuery parse(String deviceId, String from, String to, String limit) {
    return parse(deviceId, from, to, limit, null, PageSize.upTo(MAX_LIMIT));
  }

  /**
   * Parses raw query parameters; {@code null} means absent.
   *
   * @throws IllegalArgumentException with a message for the client when a parameter is unusable
   */
  static PositionQuery parse(
      String deviceId, String from, String to, String limit, String cursor, PageSize size) {
    long fromMs = from == null ? Long.MIN_VALUE : instant("from", from);
    long toMs = to == null ? Long.MAX_VALUE : instant("to", to);
    if (fromMs > toMs) {
      throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    int pageSize = size.parse(limit);
    if (cursor != null) {
      long last = PageCursor.decode(cursor, PageCursor.POSITIONS, deviceId).keyAsTimestamp();
      if (last >= toMs) {
        // Nothing after the cursor in range (and last + 1 could overflow): an empty range.
        return new PositionQuery(deviceId, 1, 0, pageSize);
      }
      fromMs = Math.max(fromMs, last + 1);
    }
    return new PositionQuery(deviceId, fromMs, toMs, pageSize);
  }

  private static long instant(String name, String value) {
    String trimmed = value.trim();
    try {
      return trimmed.matches("-?\\d{1,19}")
          ? Long.parseLong(trimmed)
          : Instant.parse(trimmed).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' must be epoch milliseconds or an ISO-8601 instant such as"
              + " 2024-05-01T12:00:00Z, got '"
              + value
              + "'");
    }
  }
}
