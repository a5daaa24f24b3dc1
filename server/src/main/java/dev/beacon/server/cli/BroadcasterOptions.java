package dev.beacon.server.cli;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.gateway.GatewayConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The broadcaster's consumer groups, transactional identity and commit interval. It has no presence
 * period: each gateway heartbeat carries its own ({@code --presence-period} on the gateway).
 */
public final class BroadcasterOptions {

  @Option(
      names = "--broadcaster-group",
      defaultValue = "${env:BEACON_BROADCASTER_GROUP:-beacon-broadcaster}",
      description =
          "Consumer group of beacon.messages (env BEACON_BROADCASTER_GROUP, default ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--txn-prefix",
      defaultValue = "${env:BEACON_BROADCASTER_TXN_PREFIX:-beacon-broadcaster}",
      description =
          "Prefix of the Kafka transactional id (env BEACON_BROADCASTER_TXN_PREFIX, default ${DEFAULT-VALUE}).")
  String transactionalIdPrefix;

  @Option(
      names = "--instance-id",
      defaultValue = "${env:BEACON_BROADCASTER_INSTANCE:-}",
      description =
          "Stable id of this broadcaster; two running at once need different ids "
              + "(env BEACON_BROADCASTER_INSTANCE, default the host name).")
  String instanceId;

  @Option(
      names = "--gps-group",
      defaultValue = "${env:BEACON_BROADCASTER_GPS_GROUP:-beacon-broadcaster-gps}",
      description =
          "Consumer group of the live GPS relay reading beacon.gps; a second deployment on the same "
              + "cluster needs its own (env BEACON_BROADCASTER_GPS_GROUP, default ${DEFAULT-VALUE}).")
  String gpsGroup;

  @Option(
      names = "--commit-interval",
      defaultValue = "${env:BEACON_BROADCASTER_COMMIT_INTERVAL:-100ms}",
      converter = DurationConverter.class,
      description =
          "How long a broadcaster transaction gathers deliveries before committing them; gateways see "
              + "deliveries before the commit, so this bounds re-routing after a crash, not latency "
              + "(env BEACON_BROADCASTER_COMMIT_INTERVAL, default ${DEFAULT-VALUE}).")
  Duration commitInterval;

  /**
   * The settings, with the channel namespaces {@code gateway} was configured with: {@code beacon
   * local} reads the namespaces file once, for its gateway, so its broadcaster applies the same.
   */
  public BroadcasterConfig config(GatewayConfig gateway) {
    return config().toBuilder().namespaces(gateway.namespaces()).build();
  }

  public BroadcasterConfig config() {
    String id =
        instanceId == null || instanceId.isBlank()
            ? BroadcasterConfig.defaults().instanceId()
            : instanceId;
    return BroadcasterConfig.builder()
        .groupId(group)
        .transactionalIdPrefix(transactionalIdPrefix)
        .instanceId(id)
        .gpsGroupId(gpsGroup)
        .commitInterval(commitInterval)
        .build();
  }
}
