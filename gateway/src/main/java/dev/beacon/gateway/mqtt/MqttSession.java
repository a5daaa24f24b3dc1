package dev.beacon.gateway.mqtt;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.gps.OwnTracksDecoder;
import dev.beacon.common.gps.RejectReason;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.trackers.TrackerIntake;
import dev.beacon.gateway.trackers.TrackerRefusal;
import dev.beacon.runtime.devices.DeviceAccess;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted MQTT connection: its publishes become fixes through the {@link TrackerIntake}, and
 * each is acknowledged (QoS 1 {@code PUBACK}, QoS 2 {@code PUBREC}) only once Kafka holds its fix,
 * in the order the publishes came (MQTT 3.1.1, 4.6), so a later fix's ack waits for an earlier
 * one's.
 *
 * <p>What a refusal does, as no MQTT 3.1.1 packet carries an error: a fix that is invalid, or a
 * publish to a topic Beacon does not take, is acknowledged anyway (sending it again could not
 * help), counted, and its reason published on {@code beacon/errors/<client id>} if the client
 * subscribed there; a fix for a device the credential does not hold, or one Kafka did not take,
 * closes the connection without an ack, so the client sends it again after reconnecting and nothing
 * is acknowledged that was not stored. QoS 0 is best effort: nothing is answered either way.
 *
 * <p>Confined to the endpoint's event loop.
 */
final class MqttSession {

  static final String OWNTRACKS = "owntracks_mqtt";
  static final String BEACON = "beacon_mqtt";

  private static final Logger log = LoggerFactory.getLogger(MqttSession.class);

  private final MqttEndpoint endpoint;
  private final TrackerIntake intake;
  private final DeviceAccess access;
  private final String errorTopic;
  private final ArrayDeque<Pending> unacknowledged = new ArrayDeque<>();
  private boolean errorsSubscribed;
  private boolean closed;
  private long lastSeen = System.nanoTime();

  private MqttSession(MqttEndpoint endpoint, TrackerIntake intake, DeviceAccess access) {
    this.endpoint = endpoint;
    this.intake = intake;
    this.access = access;
    this.errorTopic = MqttTopics.errorsOf(endpoint.clientIdentifier());
  }

  /** Accepts {@code endpoint} for {@code access} and takes its packets from now on. */
  static MqttSession open(MqttEndpoint endpoint, TrackerIntake intake, DeviceAccess access) {
    MqttSession session = new MqttSession(endpoint, intake, access);
    endpoint.publishAutoAck(false);
    endpoint.subscriptionAutoAck(false);
    endpoint.publishHandler(session::onPublish);
    endpoint.publishReleaseHandler(
        id -> {
          session.seen();
          endpoint.publishComplete(id);
        });
    endpoint.subscribeHandler(session::onSubscribe);
    endpoint.unsubscribeHandler(
        unsubscribe -> {
          session.seen();
          if (unsubscribe.topics().contains(session.errorTopic)) {
            session.errorsSubscribed = false;
          }
          endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
        });
    endpoint.pingHandler(v -> session.seen());
    endpoint.accept(false);
    log.debug(
        "MQTT client {} from {} connected as {}",
        endpoint.clientIdentifier(),
        endpoint.remoteAddress(),
        access.describe());
    return session;
  }

  /** Nanos since the client last sent a packet this session saw. */
  long silentNanos(long now) {
    return now - lastSeen;
  }

  void closed() {
    closed = true;
  }

  void close() {
    if (!closed) {
      closed = true;
      endpoint.close();
    }
  }

  private void seen() {
    lastSeen = System.nanoTime();
  }

  private void onPublish(MqttPublishMessage message) {
    seen();
    long receivedAt = System.currentTimeMillis();
    MqttTopics.Topic topic = MqttTopics.parse(message.topicName());
    String listener = topic.kind() == MqttTopics.Kind.BEACON_GPS ? BEACON : OWNTRACKS;
    Future<Void> outcome;
    try {
      GpsFix fix = decode(topic, message.topicName(), message.payload(), receivedAt, listener);
      outcome =
          fix == null ? Future.succeededFuture() : intake.accept(listener, fix, access, receivedAt);
    } catch (InvalidFixException e) {
      outcome = Future.failedFuture(intake.rejected(listener, e));
    } catch (TrackerRefusal refusal) {
      outcome = Future.failedFuture(refusal);
    }
    if (message.qosLevel() == MqttQoS.AT_MOST_ONCE) {
      outcome.onFailure(failure -> reportBestEffort(message.topicName(), failure));
      return;
    }
    Pending pending = new Pending(message.messageId(), message.qosLevel(), message.topicName());
    unacknowledged.addLast(pending);
    outcome.onComplete(
        result -> {
          pending.failure = result.failed() ? result.cause() : null;
          pending.done = true;
          answerInOrder();
        });
  }

  /** The fix of a publish; null for a message that is acknowledged and not stored. */
  private GpsFix decode(
      MqttTopics.Topic topic, String topicName, Buffer payload, long receivedAt, String listener)
      throws InvalidFixException {
    switch (topic.kind()) {
      case OWNTRACKS -> {
        OwnTracksDecoder.Message decoded =
            intake.ownTracks().decode(json(payload, listener), topic.deviceId(), receivedAt);
        return decoded.fix();
      }
      case BEACON_GPS -> {
        JsonObject body = json(payload, listener);
        Object named = body.getValue("device_id");
        if (named == null) {
          body.put("device_id", topic.deviceId());
        } else if (!topic.deviceId().equals(String.valueOf(named))) {
          throw new InvalidFixException(
              RejectReason.BAD_DEVICE_ID,
              "device_id '"
                  + named
                  + "' differs from the topic's '"
                  + topic.deviceId()
                  + "'; leave it out or make them equal");
        }
        return intake.beaconJson().decode(body, receivedAt);
      }
      case OWNTRACKS_OTHER -> {
        return null;
      }
      default ->
          throw intake.badRequest(
              listener,
              ErrorCode.BAD_REQUEST,
              "topic '"
                  + topicName
                  + "' takes no fixes; publish to owntracks/<user>/<device> or beacon/gps/<device id>");
    }
  }

  private JsonObject json(Buffer payload, String listener) {
    try {
      if (Json.decodeValue(payload) instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below
    }
    throw intake.badRequest(
        listener, ErrorCode.INVALID_JSON, "the payload must be one JSON object");
  }

  /** Acknowledges the settled publishes at the head of the queue, in order. */
  private void answerInOrder() {
    while (!closed && !unacknowledged.isEmpty() && unacknowledged.peekFirst().done) {
      Pending head = unacknowledged.pollFirst();
      TrackerRefusal refusal =
          head.failure == null ? null : TrackerRefusal.ofPublication(head.failure);
      if (refusal != null && refusal.status() != TrackerRefusal.BAD_FIX) {
        // Not stored and not for this client to drop: no ack, so it is sent again.
        log.debug(
            "MQTT client {} closed, fix on {} not stored: {}",
            endpoint.clientIdentifier(),
            head.topic,
            refusal.describe());
        report(head.topic, refusal);
        close();
        return;
      }
      if (refusal != null) {
        report(head.topic, refusal);
      }
      if (head.qos == MqttQoS.AT_LEAST_ONCE) {
        endpoint.publishAcknowledge(head.messageId);
      } else {
        endpoint.publishReceived(head.messageId);
      }
    }
  }

  private void reportBestEffort(String topic, Throwable failure) {
    report(topic, TrackerRefusal.ofPublication(failure));
  }

  private void report(String topic, TrackerRefusal refusal) {
    if (errorsSubscribed && endpoint.isConnected()) {
      endpoint.publish(
          errorTopic,
          new JsonObject()
              .put("topic", topic)
              .put("code", refusal.code())
              .put("message", refusal.getMessage())
              .toBuffer(),
          MqttQoS.AT_MOST_ONCE,
          false,
          false);
    }
  }

  /** Grants only {@code beacon/errors/<own client id>} at QoS 0; refuses every other filter. */
  private void onSubscribe(MqttSubscribeMessage subscribe) {
    seen();
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription subscription : subscribe.topicSubscriptions()) {
      if (subscription.topicName().equals(errorTopic)) {
        errorsSubscribed = true;
        granted.add(MqttQoS.AT_MOST_ONCE);
      } else {
        log.debug(
            "MQTT client {} refused subscription to {}: only {} may be subscribed",
            endpoint.clientIdentifier(),
            subscription.topicName(),
            errorTopic);
        granted.add(MqttQoS.FAILURE);
      }
    }
    endpoint.subscribeAcknowledge(subscribe.messageId(), granted);
  }

  private static final class Pending {
    final int messageId;
    final MqttQoS qos;
    final String topic;
    boolean done;
    Throwable failure;

    Pending(int messageId, MqttQoS qos, String topic) {
      this.messageId = messageId;
      this.qos = qos;
      this.topic = topic;
    }
  }
}
