package dev.beacon.ingestor;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The parameters of a positions request, validated: {@code from} and {@code to} (inclusive, epoch milliseconds
 * or ISO-8601 instants, default all time) and {@code limit} (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}).
 */
record PositionQuery(String deviceId, long fromMs, long toMs, int limit) {

  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 100_000;

  /**
   * Parses raw query parameters; {@code null} means absent.
   *
   * @throws IllegalArgumentException with a message for the client when a parameter is unusable
   */
  static PositionQuery parse(String deviceId, String from, String to, String limit) {
    long fromMs = from == null ? Long.MIN_VALUE : instant("from", from);
    long toMs = to == null ? Long.MAX_VALUE : instant("to", to);
    if (fromMs > toMs) {
      throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    return new PositionQuery(deviceId, fromMs, toMs, limit == null ? DEFAULT_LIMIT : limit(limit));
  }

  private static long instant(String name, String value) {
    String trimmed = value.trim();
    try {
      return trimmed.matches("-?\\d{1,19}") ? Long.parseLong(trimmed) : Instant.parse(trimmed).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + name + "' must be epoch milliseconds or an ISO-8601 instant such as"
          + " 2024-05-01T12:00:00Z, got '" + value + "'");
    }
  }

  private static int limit(String value) {
    int limit;
    try {
      limit = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '"
          + value + "'");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("'limit' must be from 1 to " + MAX_LIMIT + ", got " + limit);
    }
    return limit;
  }
}
