package dev.beacon.runtime.kafka;

import java.util.regex.Pattern;

/**
 * The names of Beacon's topics in one deployment: {@link Topics}' names behind a prefix ({@code
 * BEACON_TOPIC_PREFIX}), so that several Beacon deployments, or Beacon and other applications, can
 * share one Kafka cluster without sharing topics. The default prefix is empty: {@code beacon.gps}
 * and so on.
 *
 * @param prefix prepended to every topic name, e.g. {@code acme.}: up to {@value
 *     #MAX_PREFIX_LENGTH} of {@code A-Z a-z 0-9 . _ -} (the characters Kafka allows in topic names)
 */
public record TopicNames(String prefix) {

  public static final int MAX_PREFIX_LENGTH = 100;
  // Before DEFAULT: the constructor needs it.
  private static final Pattern LEGAL =
      Pattern.compile("[A-Za-z0-9._-]{0," + MAX_PREFIX_LENGTH + "}");

  /** No prefix: the names documented in docs/topics.md. */
  public static final TopicNames DEFAULT = new TopicNames("");

  public TopicNames {
    if (prefix == null || !LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "topic prefix '"
              + prefix
              + "' must be at most "
              + MAX_PREFIX_LENGTH
              + " characters of A-Z a-z 0-9 . _ - (Kafka's topic name characters), e.g. 'acme.'; fix BEACON_TOPIC_PREFIX");
    }
  }

  /** GPS fixes ({@value Topics#GPS} behind the prefix). */
  public String gps() {
    return prefix + Topics.GPS;
  }

  /** Client messages ({@value Topics#MESSAGES} behind the prefix). */
  public String messages() {
    return prefix + Topics.MESSAGES;
  }

  /** Deliveries ({@value Topics#DELIVERIES} behind the prefix). */
  public String deliveries() {
    return prefix + Topics.DELIVERIES;
  }

  /** Presence, compacted ({@value Topics#PRESENCE} behind the prefix). */
  public String presence() {
    return prefix + Topics.PRESENCE;
  }

  /** Operator commands ({@value Topics#CONTROL} behind the prefix). */
  public String control() {
    return prefix + Topics.CONTROL;
  }

  /** Device keys, compacted ({@value Topics#DEVICE_KEYS} behind the prefix). */
  public String deviceKeys() {
    return prefix + Topics.DEVICE_KEYS;
  }

  /** Dead letters ({@value Topics#DEAD_LETTERS} behind the prefix). */
  public String deadLetters() {
    return prefix + Topics.DEAD_LETTERS;
  }

  /** Geofence definitions, compacted ({@value Topics#GEOFENCES} behind the prefix). */
  public String geofences() {
    return prefix + Topics.GEOFENCES;
  }

  /** Geofence events ({@value Topics#GEOFENCE_EVENTS} behind the prefix). */
  public String geofenceEvents() {
    return prefix + Topics.GEOFENCE_EVENTS;
  }
}
