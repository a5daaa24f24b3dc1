package dev.beacon.runtime.kafka;

/**
 * Names of Beacon's Kafka topics: the contract between services, documented in {@code
 * docs/topics.md}.
 */
public final class Topics {

  /**
   * GPS fixes accepted by a gateway. Key: device id. Value: {@link
   * dev.beacon.common.gps.GpsRecordCodec}.
   */
  public static final String GPS = "beacon.gps";

  /** Client messages (chat, broadcast, direct) on their way to the broadcaster. */
  public static final String MESSAGES = "beacon.messages";

  /** What to deliver to whom, read by every gateway. */
  public static final String DELIVERIES = "beacon.deliveries";

  /** Where each client is connected; compacted. */
  public static final String PRESENCE = "beacon.presence";

  /**
   * Operator commands every gateway reads (e.g. disconnect a client), written by the server API.
   */
  public static final String CONTROL = "beacon.control";

  /**
   * Device keys (their hashes) and the devices each may write; compacted, keyed by key id, read by
   * every gateway.
   */
  public static final String DEVICE_KEYS = "beacon.device-keys";

  /**
   * Records a consume loop could not process (undecodable, invalid), as they were read, with
   * headers saying where they came from and why ({@link KafkaDeadLetters}); one topic for every
   * source topic.
   */
  public static final String DEAD_LETTERS = "beacon.dlq";

  /**
   * Geofence definitions; compacted, keyed by fence id ({@link
   * dev.beacon.common.geofence.GeofenceRecordCodec}), a deleted fence a tombstone. Written by the
   * gateways' admin API, read by the ingestor.
   */
  public static final String GEOFENCES = "beacon.geofences";

  /**
   * Geofence enter and exit events ({@link dev.beacon.common.geofence.GeofenceEventCodec}), keyed
   * by device id. Written by the ingestor, read by the broadcaster and any consumer.
   */
  public static final String GEOFENCE_EVENTS = "beacon.geofence-events";

  private Topics() {}
}
