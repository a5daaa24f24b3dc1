package dev.beacon.ingestor;

/**
 * How many rows one page of a list holds: the {@code limit} query parameter, {@link #defaultSize}
 * when absent, at most {@link #max} ({@code BEACON_INGESTOR_MAX_PAGE_SIZE}), which bounds the
 * memory and time of one request.
 */
record PageSize(int defaultSize, int max) {

  /** Rows of a page when the request gives no {@code limit}. */
  static final int DEFAULT_SIZE = 1_000;

  PageSize {
    if (max < 1) {
      throw new IllegalArgumentException("the largest page must hold at least 1 row, got " + max);
    }
    defaultSize = Math.min(defaultSize, max);
  }

  /** The default page size, capped by {@code max}. */
  static PageSize upTo(int max) {
    return new PageSize(DEFAULT_SIZE, max);
  }

  /**
   * The page size a request asked for; {@code null} means absent.
   *
   * @throws IllegalArgumentException with a message for the client when the value is unusable
   */
  int parse(String limit) {
    if (limit == null) {
      return defaultSize;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'limit' must be a whole number from 1 to " + max + ", got '" + limit + "'");
    }
    if (parsed < 1 || parsed > max) {
      throw new IllegalArgumentException(
          "'limit' must be from 1 to "
              + max
              + " (the largest page this ingestor"
              + " serves, BEACON_INGESTOR_MAX_PAGE_SIZE), got "
              + parsed
              + "; page through longer lists with 'cursor'");
    }
    return parsed;
  }
}
