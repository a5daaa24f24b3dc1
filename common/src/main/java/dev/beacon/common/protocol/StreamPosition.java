package dev.beacon.common.protocol;

import java.util.regex.Pattern;

/**
 * Where a delivery sits in {@code beacon.deliveries}: the topic's epoch, a partition and an offset.
 * Clients receive it as {@code pos} and send it back as {@code since} to recover what they missed.
 *
 * <p>The epoch is the first {@value #EPOCH_LENGTH} characters of the topic's Kafka id (its text
 * form, URL-safe base64), so a deleted and recreated topic, whose offsets start again at 0,
 * invalidates every position handed out before. The compact form is {@code
 * <epoch>-<partition>-<offset>}, e.g. {@code q2vKd7Lw-3-1042}; the epoch may itself contain {@code
 * -} and {@code _}, so it is read by length.
 *
 * <p>Positions are ordered only within one stream (same epoch and partition); every room's
 * deliveries share a partition, because the room is the record key.
 */
public record StreamPosition(String epoch, int partition, long offset) {

  public static final int EPOCH_LENGTH = 8;

  /** An example in the compact form, for error messages and docs. */
  public static final String EXAMPLE = "q2vKd7Lw-3-1042";

  /** The compact form in words. */
  public static final String FORM = "<epoch>-<partition>-<offset>";

  private static final Pattern EPOCH_CHARS = Pattern.compile("[A-Za-z0-9_-]{" + EPOCH_LENGTH + "}");
  private static final int MAX_LENGTH = EPOCH_LENGTH + 1 + 10 + 1 + 19;

  public StreamPosition {
    if (epoch == null || !EPOCH_CHARS.matcher(epoch).matches()) {
      throw new IllegalArgumentException(
          "epoch must be "
              + EPOCH_LENGTH
              + " characters of A-Z a-z 0-9 _ -, got "
              + (epoch == null ? "null" : "'" + RoomNames.abbreviate(epoch) + "'"));
    }
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must be zero or positive, got " + partition + " and " + offset);
    }
  }

  /** The epoch of a topic: the first {@value #EPOCH_LENGTH} characters of its id's text form. */
  public static String epochOf(String topicId) {
    return topicId.substring(0, EPOCH_LENGTH);
  }

  /**
   * Reads the compact form {@code <epoch>-<partition>-<offset>}.
   *
   * @throws ProtocolException {@code bad_request} when {@code text} is not a position
   */
  public static StreamPosition parse(String text) throws ProtocolException {
    if (text == null
        || text.length() < EPOCH_LENGTH + 4
        || text.length() > MAX_LENGTH
        || text.charAt(EPOCH_LENGTH) != '-') {
      throw malformed(text);
    }
    String epoch = text.substring(0, EPOCH_LENGTH);
    int dash = text.indexOf('-', EPOCH_LENGTH + 1);
    if (dash < 0 || !EPOCH_CHARS.matcher(epoch).matches()) {
      throw malformed(text);
    }
    long partition = digits(text, EPOCH_LENGTH + 1, dash, 10);
    long offset = digits(text, dash + 1, text.length(), 19);
    if (partition < 0 || partition > Integer.MAX_VALUE || offset < 0) {
      throw malformed(text);
    }
    return new StreamPosition(epoch, (int) partition, offset);
  }

  /**
   * The digits of text[from, to) as a number, or -1 when they are not 1 to maxDigits decimal
   * digits.
   */
  private static long digits(String text, int from, int to, int maxDigits) {
    if (to <= from || to - from > maxDigits) {
      return -1;
    }
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text, from, to, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static ProtocolException malformed(String text) {
    String shown = text == null ? "nothing" : "'" + RoomNames.abbreviate(text) + "'";
    return new ProtocolException(
        ErrorCode.BAD_REQUEST,
        "position " + shown + " must be " + FORM + " as received in pos, e.g. " + EXAMPLE);
  }

  /** The position right after this one in the same partition: where a reader resumes. */
  public StreamPosition next() {
    return new StreamPosition(epoch, partition, offset + 1);
  }

  /**
   * True when both positions are in the same stream (epoch and partition), so they can be compared.
   */
  public boolean sameStream(StreamPosition other) {
    return partition == other.partition && epoch.equals(other.epoch);
  }

  /**
   * Orders two positions of the same stream by offset.
   *
   * @throws IllegalArgumentException when they are in different streams, which have no order
   */
  public int compareWithin(StreamPosition other) {
    if (!sameStream(other)) {
      throw new IllegalArgumentException(
          "positions "
              + this
              + " and "
              + other
              + " are in different streams (epoch or partition differ) and have no order");
    }
    return Long.compare(offset, other.offset);
  }

  public boolean isAfter(StreamPosition other) {
    return compareWithin(other) > 0;
  }

  public boolean isBefore(StreamPosition other) {
    return compareWithin(other) < 0;
  }

  /** Appends the compact form; no escaping is ever needed. */
  public StringBuilder appendTo(StringBuilder sb) {
    return sb.append(epoch).append('-').append(partition).append('-').append(offset);
  }

  /** The compact form {@code <epoch>-<partition>-<offset>}. */
  @Override
  public String toString() {
    return appendTo(new StringBuilder(32)).toString();
  }
}
