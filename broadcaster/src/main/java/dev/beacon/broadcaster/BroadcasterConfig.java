package dev.beacon.broadcaster;

import dev.beacon.common.channels.ChannelNamespaces;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the broadcaster, read once at the edge and passed down.
 *
 * @param groupId Kafka consumer group reading {@code beacon.messages}; broadcasters in one group
 *     share its partitions ({@code BEACON_BROADCASTER_GROUP})
 * @param transactionalIdPrefix prefix of the producer's {@code transactional.id} ({@code
 *     BEACON_BROADCASTER_TXN_PREFIX})
 * @param instanceId this broadcaster's stable id, the rest of the {@code transactional.id}: a
 *     restarted instance with the same id fences its predecessor, so two instances running at once
 *     must have different ids ({@code BEACON_BROADCASTER_INSTANCE}, default the host name)
 * @param gpsGroupId Kafka consumer group of the live GPS relay reading {@code beacon.gps} from its
 *     end ({@code BEACON_BROADCASTER_GPS_GROUP}, default {@value #DEFAULT_GPS_GROUP_ID}); separate
 *     from {@code groupId} so it never shares offsets with the message router
 * @param commitInterval how long one transaction of the message router stays open, gathering the
 *     deliveries of many polls before it commits them with their consumer offsets ({@code
 *     BEACON_BROADCASTER_COMMIT_INTERVAL}, default 100 ms). Gateways read deliveries as soon as
 *     they are written, so this does not delay them: it bounds what a crash makes the broadcaster
 *     route again, and how stale the committed view of {@code beacon.deliveries} (read_committed
 *     consumers) may be
 * @param namespaces the rules of each channel namespace ({@code BEACON_NAMESPACES_FILE}, read by
 *     {@link dev.beacon.common.channels.NamespaceConfig} as every gateway reads it; default {@link
 *     ChannelNamespaces#defaults()})
 */
public record BroadcasterConfig(
    String groupId,
    String transactionalIdPrefix,
    String instanceId,
    String gpsGroupId,
    Duration commitInterval,
    ChannelNamespaces namespaces) {

  public static final String DEFAULT_GROUP_ID = "beacon-broadcaster";
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "beacon-broadcaster";
  public static final String DEFAULT_GPS_GROUP_ID = "beacon-broadcaster-gps";
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
  static final Duration MIN_COMMIT_INTERVAL = Duration.ofMillis(1);

  /** Well below the transaction timeout, after which the broker aborts the transaction itself. */
  static final Duration MAX_COMMIT_INTERVAL = Duration.ofSeconds(5);

  private static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public BroadcasterConfig {
    require(
        groupId != null && !groupId.isBlank(),
        "consumer group is empty; set BEACON_BROADCASTER_GROUP (default " + DEFAULT_GROUP_ID + ")");
    require(
        transactionalIdPrefix != null && ID_CHARS.matcher(transactionalIdPrefix).matches(),
        "transactional id prefix '"
            + transactionalIdPrefix
            + "' must be 1-200 characters of A-Z a-z 0-9 . _ -;"
            + " set BEACON_BROADCASTER_TXN_PREFIX (default "
            + DEFAULT_TRANSACTIONAL_ID_PREFIX
            + ")");
    require(
        instanceId != null && ID_CHARS.matcher(instanceId).matches(),
        "instance id '"
            + instanceId
            + "' must be 1-200 characters of A-Z a-z 0-9 . _ -; set"
            + " BEACON_BROADCASTER_INSTANCE to a name that stays the same across restarts of this instance");
    require(
        gpsGroupId != null && !gpsGroupId.isBlank(),
        "GPS relay consumer group is empty; set BEACON_BROADCASTER_GPS_GROUP (default "
            + DEFAULT_GPS_GROUP_ID
            + ")");
    require(
        !gpsGroupId.equals(groupId),
        "GPS relay consumer group '"
            + gpsGroupId
            + "' must differ from the message group; set"
            + " BEACON_BROADCASTER_GPS_GROUP (default "
            + DEFAULT_GPS_GROUP_ID
            + ")");
    Objects.requireNonNull(
        commitInterval,
        "commit interval is missing; set BEACON_BROADCASTER_COMMIT_INTERVAL, e.g. 100ms");
    require(
        commitInterval.compareTo(MIN_COMMIT_INTERVAL) >= 0
            && commitInterval.compareTo(MAX_COMMIT_INTERVAL) <= 0,
        "commit interval "
            + commitInterval.toMillis()
            + " ms must be between "
            + MIN_COMMIT_INTERVAL.toMillis()
            + " ms and "
            + MAX_COMMIT_INTERVAL.toSeconds()
            + " s; set BEACON_BROADCASTER_COMMIT_INTERVAL (default "
            + DEFAULT_COMMIT_INTERVAL.toMillis()
            + "ms)");
    Objects.requireNonNull(
        namespaces,
        "channel namespaces are missing; pass ChannelNamespaces.defaults() when none are configured");
  }

  /** Every setting at its default, the instance named after this host. */
  public static BroadcasterConfig defaults() {
    return builder().build();
  }

  /** A builder holding every default; set what differs and {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link BroadcasterConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private String groupId = DEFAULT_GROUP_ID;
    private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
    private String instanceId = defaultInstanceId();
    private String gpsGroupId = DEFAULT_GPS_GROUP_ID;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    private ChannelNamespaces namespaces = ChannelNamespaces.defaults();

    private Builder() {}

    private Builder(BroadcasterConfig c) {
      groupId = c.groupId;
      transactionalIdPrefix = c.transactionalIdPrefix;
      instanceId = c.instanceId;
      gpsGroupId = c.gpsGroupId;
      commitInterval = c.commitInterval;
      namespaces = c.namespaces;
    }

    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    public Builder transactionalIdPrefix(String value) {
      transactionalIdPrefix = value;
      return this;
    }

    public Builder instanceId(String value) {
      instanceId = value;
      return this;
    }

    public Builder gpsGroupId(String value) {
      gpsGroupId = value;
      return this;
    }

    public Builder commitInterval(Duration value) {
      commitInterval = value;
      return this;
    }

    public Builder namespaces(ChannelNamespaces value) {
      namespaces = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public BroadcasterConfig build() {
      return new BroadcasterConfig(
          groupId, transactionalIdPrefix, instanceId, gpsGroupId, commitInterval, namespaces);
    }
  }

  /** The producer's {@code transactional.id}: {@code <prefix>-<instance id>}. */
  public String transactionalId() {
    return transactionalIdPrefix + "-" + instanceId;
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "local";
    }
    String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty()
        ? "local"
        : cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
