package dev.beacon.tools.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Fix number {@code n} as the gateway's MQTT listener takes it: topic {@code beacon/gps/<device>},
 * payload the JSON {@code gps} fix without {@code type}, {@code id} or {@code device_id} (the topic
 * names the device): {@code {"ts":<epoch ms>,"lat":<lat>,"lon":<lon>}}.
 */
final class MqttFixMessage {

  static final String TOPIC_PREFIX = "beacon/gps/";

  private final FixLineSource lines;
  private final StringBuilder text = new StringBuilder(80);

  MqttFixMessage(FixLineSource lines) {
    this.lines = lines;
  }

  String topic(long n) {
    text.setLength(0);
    text.append(TOPIC_PREFIX);
    lines.appendDeviceId(text, n);
    return text.toString();
  }

  Buffer payload(long n) {
    text.setLength(0);
    text.append("{\"ts\":")
        .append(lines.epochMillis(n))
        .append(",\"lat\":")
        .append(lines.latitude(n))
        .append(",\"lon\":")
        .append(lines.longitude(n))
        .append('}');
    return Buffer.buffer(text.toString());
  }
}
