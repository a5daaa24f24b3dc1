package dev.beacon.runtime.devices;

import java.util.Locale;

/**
 * What a connection without an identity (no JWT, no device key) may write ({@code
 * BEACON_DEVICE_AUTH}, flag {@code --device-auth}). A connection that carries an identity is
 * restricted to that identity's devices in either mode.
 */
public enum DeviceAuthMode {

  /** Anyone may write any device id: today's behaviour and the default of {@code beacon local}. */
  OPEN,
  /** A fix needs an identity that holds its device id: the default of {@code beacon gateway}. */
  AUTHENTICATED;

  /** The setting's value as written in the environment and on the command line. */
  public String setting() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code open} or {@code authenticated} (any case).
   *
   * @throws IllegalArgumentException naming the setting and its values otherwise
   */
  public static DeviceAuthMode parse(String value) {
    for (DeviceAuthMode mode : values()) {
      if (mode.setting().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "BEACON_DEVICE_AUTH (--device-auth) must be 'open' or 'authenticated', got '"
            + value
            + "'");
  }
}
