package dev.beacon.gateway.mqtt;

import dev.beacon.common.gps.OwnTracksDecoder;

/**
 * The topics a tracker may publish to and the one it may subscribe to (docs/trackers.md):
 *
 * <ul>
 *   <li>{@code owntracks/<user>/<device>}: OwnTracks JSON, device id {@code <user>.<device>};
 *       OwnTracks' sub-topics ({@code .../event}, {@code .../info}, {@code .../waypoints}, {@code
 *       .../cmd}...) are acknowledged and ignored;
 *   <li>{@code beacon/gps/<device id>}: the WebSocket's JSON {@code gps} message ({@code device_id}
 *       may be left out; when present it must equal the topic's);
 *   <li>{@code beacon/errors/<client id>}: the only topic a client may subscribe to, where the
 *       gateway publishes why a fix of that connection was refused (QoS 0).
 * </ul>
 */
final class MqttTopics {

  static final String BEACON_GPS = "beacon/gps/";
  static final String ERRORS = "beacon/errors/";

  /** What a topic is: which decoder takes it and for which device. */
  enum Kind {
    OWNTRACKS,
    OWNTRACKS_OTHER,
    BEACON_GPS,
    UNKNOWN
  }

  /** One parsed topic; {@code deviceId} null unless it is a fix topic. */
  record Topic(Kind kind, String deviceId) {}

  private MqttTopics() {}

  static Topic parse(String topic) {
    String ownTracks = OwnTracksDecoder.deviceIdOfTopic(topic);
    if (ownTracks != null) {
      return new Topic(Kind.OWNTRACKS, ownTracks);
    }
    if (topic.startsWith(OwnTracksDecoder.TOPIC_PREFIX)) {
      return new Topic(Kind.OWNTRACKS_OTHER, null);
    }
    if (topic.startsWith(BEACON_GPS) && topic.length() > BEACON_GPS.length()) {
      String deviceId = topic.substring(BEACON_GPS.length());
      return deviceId.indexOf('/') < 0
          ? new Topic(Kind.BEACON_GPS, deviceId)
          : new Topic(Kind.UNKNOWN, null);
    }
    return new Topic(Kind.UNKNOWN, null);
  }

  static String errorsOf(String clientId) {
    return ERRORS + clientId;
  }
}
