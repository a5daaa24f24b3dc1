package dev.beacon.tools.bench;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;

/**
 * A {@link GpsLoadConnection} over MQTT 3.1.1: QoS 1 publishes to {@code beacon/gps/<device>}, each
 * answered by a {@code PUBACK} once Kafka holds the fix (the gateway acks in publish order). The
 * credential, if any, is the CONNECT password.
 *
 * <p>The gateway acks a fix it refuses as invalid too (MQTT 3.1.1 has no negative ack), so this
 * path counts such a fix as acked: the bench's fixes are valid by construction.
 */
final class MqttFixConnection extends GpsLoadConnection {

  /** The error code of a publish the client could not send. */
  static final String PUBLISH_FAILED = "mqtt_publish_failed";

  private static final int DEFAULT_PORT = 1883;

  private final MqttFixMessage messages;
  private final MqttClient client;
  private final String host;
  private final int port;
  private boolean connected;

  MqttFixConnection(
      Vertx vertx, GpsLoadConfig config, int index, FixLineSource lines, LoadStats stats) {
    super(vertx, config, index, lines, stats);
    this.messages = new MqttFixMessage(lines);
    URI url = config.url();
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : DEFAULT_PORT;
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId("beacon-bench-" + config.deviceIdPrefix() + index)
            .setCleanSession(true)
            .setAutoKeepAlive(true)
            // one more than the window: the client may count an ack's slot until its handler ends
            .setMaxInflightQueue(config.effectiveWindow() + 1);
    options.setConnectTimeout((int) WebSocketEndpoint.CONNECT_TIMEOUT.toMillis());
    if (config.key() != null) {
      options.setUsername("beacon-bench").setPassword(config.key());
    }
    this.client = MqttClient.create(vertx, options);
  }

  @Override
  protected Future<Void> connect() {
    client.publishCompletionHandler(id -> answered(latency -> stats.recordReply("OK", latency)));
    client.closeHandler(closed -> closedByPeer(null));
    client.exceptionHandler(failure -> {});
    return client
        .connect(port, host)
        .compose(
            ack -> {
              if (ack.code() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                return Future.failedFuture("CONNACK " + ack.code());
              }
              connected = true;
              return Future.<Void>succeededFuture();
            });
  }

  @Override
  protected void sendFix(long n) {
    client
        .publish(messages.topic(n), messages.payload(n), MqttQoS.AT_LEAST_ONCE, false, false)
        .onFailure(
            failure -> {
              if (!stopped()) {
                answered(latency -> stats.recordError(PUBLISH_FAILED));
              }
            });
  }

  @Override
  protected void close() {
    if (connected) {
      connected = false;
      client.disconnect();
    }
  }
}
