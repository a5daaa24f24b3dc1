package dev.beacon.common.gps;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The limits a fix must respect to be accepted. Every limit is named, has a default, and is set at
 * the edge from configuration ({@code BEACON_MAX_LINE_LENGTH}, {@code BEACON_DEVICE_ID_MAX_LENGTH},
 * {@code BEACON_MAX_FUTURE_SKEW}, and the {@code BEACON_FIX_MAX_ATTRIBUTE*} settings of {@link
 * FixDetailLimits}).
 *
 * @param maxLineLength longest accepted CSV line or JSON gps frame without details, in characters
 *     (a JSON gps frame may be longer by {@link FixDetailLimits#jsonAllowance()})
 * @param maxDeviceIdLength longest accepted device id
 * @param maxFutureSkew how far ahead of the gateway clock a device timestamp may be
 * @param details the bounds of a fix's attributes
 */
public record GpsLimits(
    int maxLineLength, int maxDeviceIdLength, Duration maxFutureSkew, FixDetailLimits details) {

  public static final int DEFAULT_MAX_LINE_LENGTH = 256;
  public static final int DEFAULT_MAX_DEVICE_ID_LENGTH = 64;
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** Characters allowed in a device id: letters, digits and {@code . _ : -}. */
  public static final Pattern DEVICE_ID_CHARS = Pattern.compile("[A-Za-z0-9._:-]+");

  public GpsLimits {
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("maxLineLength must be at least 16, got " + maxLineLength);
    }
    if (maxDeviceIdLength < 1) {
      throw new IllegalArgumentException(
          "maxDeviceIdLength must be at least 1, got " + maxDeviceIdLength);
    }
    if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException(
          "maxFutureSkew must be zero or positive, got " + maxFutureSkew);
    }
    if (details == null) {
      details = FixDetailLimits.defaults();
    }
  }

  /** Limits with the default bounds on details. */
  public GpsLimits(int maxLineLength, int maxDeviceIdLength, Duration maxFutureSkew) {
    this(maxLineLength, maxDeviceIdLength, maxFutureSkew, FixDetailLimits.defaults());
  }

  /** The longest JSON {@code gps} message accepted: a fix with every detail at its bound. */
  public int maxJsonFixLength() {
    return maxLineLength + details.jsonAllowance();
  }

  public static GpsLimits defaults() {
    return new GpsLimits(
        DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_DEVICE_ID_LENGTH, DEFAULT_MAX_FUTURE_SKEW);
  }

  /** The device id rule in words, for error messages and docs. */
  public String deviceIdRule() {
    return "1-" + maxDeviceIdLength + " characters of A-Z a-z 0-9 . _ : -";
  }

  public Pattern deviceIdPattern() {
    return DEVICE_ID_CHARS;
  }
}
