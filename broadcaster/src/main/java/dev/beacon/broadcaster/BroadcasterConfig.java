package dev.beacon.broadcaster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the broadcaster, read once at the edge and passed down.
 *
 * @param groupId                 Kafka consumer group reading {@code beacon.messages}; broadcasters in one group
 *                                share its partitions ({@code BEACON_BROADCASTER_GROUP})
 * @param transactionalIdPrefix   prefix of the producer's {@code transactional.id}
 *                                ({@code BEACON_BROADCASTER_TXN_PREFIX})
 * @param instanceId              this broadcaster's stable id, the rest of the {@code transactional.id}: a restarted
 *                                instance with the same id fences its predecessor, so two instances running at
 *                                once must have different ids ({@code BEACON_BROADCASTER_INSTANCE}, default the
 *                                host name)
 * @param gpsGroupId              Kafka consumer group of the live GPS relay reading {@code beacon.gps} from its
 *                                end ({@code BEACON_BROADCASTER_GPS_GROUP}, default {@value #DEFAULT_GPS_GROUP_ID});
 *                                separate from {@code groupId} so it never shares offsets with the message router
 * @param commitInterval          how long one transaction of the message router stays open, gathering the
 *                                deliveries of many polls before it commits them with their consumer offsets
 *                                ({@code BEACON_BROADCASTER_COMMIT_INTERVAL}, default 100 ms). Gateways read
 *                                deliveries as soon as they are written, so this does not delay them: it bounds
 *                                what a crash makes the broadcaster route again, and how stale the committed view
 *                                of {@code beacon.deliveries} (read_committed consumers) may be
 */
public record BroadcasterConfig(String groupId, String transactionalIdPrefix, String instanceId, String gpsGroupId,
                                Duration commitInterval) {

  public static final String DEFAULT_GROUP_ID = "beacon-broadcaster";
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "beacon-broadcaster";
  public static final String DEFAULT_GPS_GROUP_ID = "beacon-broadcaster-gps";
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
  static final Duration MIN_COMMIT_INTERVAL = Duration.ofMillis(1);
  /** Well below the transaction timeout, after which the broker aborts the transaction itself. */
  static final Duration MAX_COMMIT_INTERVAL = Duration.ofSeconds(5);

  private static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public BroadcasterConfig {
    require(groupId != null && !groupId.isBlank(),
        "consumer group is empty; set BEACON_BROADCASTER_GROUP (default " + DEFAULT_GROUP_ID + ")");
    require(transactionalIdPrefix != null && ID_CHARS.matcher(transactionalIdPrefix).matches(),
        "transactional id prefix '" + transactionalIdPrefix + "' must be 1-200 characters of A-Z a-z 0-9 . _ -;"
            + " set BEACON_BROADCASTER_TXN_PREFIX (default " + DEFAULT_TRANSACTIONAL_ID_PREFIX + ")");
    require(instanceId != null && ID_CHARS.matcher(instanceId).matches(),
        "instance id '" + instanceId + "' must be 1-200 characters of A-Z a-z 0-9 . _ -; set"
            + " BEACON_BROADCASTER_INSTANCE to a name that stays the same across restarts of this instance");
    require(gpsGroupId != null && !gpsGroupId.isBlank(),
        "GPS relay consumer group is empty; set BEACON_BROADCASTER_GPS_GROUP (default " + DEFAULT_GPS_GROUP_ID + ")");
    require(!gpsGroupId.equals(groupId),
        "GPS relay consumer group '" + gpsGroupId + "' must differ from the message group; set"
            + " BEACON_BROADCASTER_GPS_GROUP (default " + DEFAULT_GPS_GROUP_ID + ")");
    Objects.requireNonNull(commitInterval, "commit interval is missing; set BEACON_BROADCASTER_COMMIT_INTERVAL, e.g. 100ms");
    require(commitInterval.compareTo(MIN_COMMIT_INTERVAL) >= 0 && commitInterval.compareTo(MAX_COMMIT_INTERVAL) <= 0,
        "commit interval " + commitInterval.toMillis() + " ms must be between " + MIN_COMMIT_INTERVAL.toMillis()
            + " ms and " + MAX_COMMIT_INTERVAL.toSeconds() + " s; set BEACON_BROADCASTER_COMMIT_INTERVAL (default "
            + DEFAULT_COMMIT_INTERVAL.toMillis() + "ms)");
  }

  /** The given settings with the GPS relay in its default group and the default commit interval. */
  public BroadcasterConfig(String groupId, String transactionalIdPrefix, String instanceId) {
    this(groupId, transactionalIdPrefix, instanceId, DEFAULT_GPS_GROUP_ID, DEFAULT_COMMIT_INTERVAL);
  }

  /** Every setting at its default, the instance named after this host. */
  public static BroadcasterConfig defaults() {
    return new BroadcasterConfig(DEFAULT_GROUP_ID, DEFAULT_TRANSACTIONAL_ID_PREFIX, defaultInstanceId(),
        DEFAULT_GPS_GROUP_ID, DEFAULT_COMMIT_INTERVAL);
  }

  /** The settings given by {@code env} (e.g. {@link System#getenv()}), defaults for the others. */
  public static BroadcasterConfig fromEnvironment(Map<String, String> env) {
    BroadcasterConfig d = defaults();
    return new BroadcasterConfig(
        env.getOrDefault("BEACON_BROADCASTER_GROUP", d.groupId()),
        env.getOrDefault("BEACON_BROADCASTER_TXN_PREFIX", d.transactionalIdPrefix()),
        env.getOrDefault("BEACON_BROADCASTER_INSTANCE", d.instanceId()),
        env.getOrDefault("BEACON_BROADCASTER_GPS_GROUP", d.gpsGroupId()),
        env.containsKey("BEACON_BROADCASTER_COMMIT_INTERVAL")
            ? parseDuration("BEACON_BROADCASTER_COMMIT_INTERVAL", env.get("BEACON_BROADCASTER_COMMIT_INTERVAL"))
            : d.commitInterval());
  }

  public BroadcasterConfig withGroupId(String groupId) {
    return new BroadcasterConfig(groupId, transactionalIdPrefix, instanceId, gpsGroupId,
        commitInterval);
  }

  public BroadcasterConfig withInstanceId(String instanceId) {
    return new BroadcasterConfig(groupId, transactionalIdPrefix, instanceId, gpsGroupId,
        commitInterval);
  }

  public BroadcasterConfig withGpsGroupId(String gpsGroupId) {
    return new BroadcasterConfig(groupId, transactionalIdPrefix, instanceId, gpsGroupId,
        commitInterval);
  }

  public BroadcasterConfig withCommitInterval(Duration interval) {
    return new BroadcasterConfig(groupId, transactionalIdPrefix, instanceId, gpsGroupId,
        interval);
  }

  /** The producer's {@code transactional.id}: {@code <prefix>-<instance id>}. */
  public String transactionalId() {
    return transactionalIdPrefix + "-" + instanceId;
  }

  /** Reads {@code 5s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration such as {@code PT5S}. */
  static Duration parseDuration(String name, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
      }
      if (t.endsWith("s") && !t.startsWith("p")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()));
      }
      if (t.endsWith("m") && !t.startsWith("p")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).strip()));
      }
      return Duration.parse(text.strip());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + "='" + text + "' is not a duration; write e.g. 5s, 500ms or PT5S");
    }
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "local";
    }
    String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() ? "local" : cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
