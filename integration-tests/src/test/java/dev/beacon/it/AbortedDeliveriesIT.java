package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecordCodec;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateways read {@code beacon.deliveries} uncommitted, so they see the deliveries of a broadcaster
 * transaction that later aborts, and then the same messages routed again. On a real broker and a
 * real gateway: a live client gets each message once, in order, and a client recovering from the
 * position of an aborted copy gets exactly what it missed.
 */
class AbortedDeliveriesIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  @DisplayName(
      "deliveries of an aborted transaction and their re-routed copies reach a client once, live and replayed")
  void abortedThenRetried() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(1).build();
      Vertx vertx = Vertx.vertx();
      try {
        Gateway gateway =
            Blocking.await(
                Gateway.deploy(
                    vertx,
                    GatewayConfig.builder()
                        .port(0)
                        .deviceAuth(DeviceAuthMode.OPEN)
                        .gatewayId("gw-a")
                        .instances(1)
                        .build(),
                    KafkaBackend.of(settings),
                    ConnectionListener.NONE),
                "gateway");
        TextClient live =
            subscribed(vertx, gateway.port(), "{\"type\":\"subscribe\",\"room\":\"ops\"}");

        try (KafkaProducer<byte[], byte[]> producer = transactional(settings)) {
          producer.initTransactions();
          producer.beginTransaction();
          send(producer, 0, 1); // messages 0 and 1 ...
          producer.flush();
          producer.abortTransaction(); // ... aborted after the gateway read them
          producer.beginTransaction();
          send(producer, 0, 1, 2, 3); // routed again from the committed offset, then 2 and 3
          producer.commitTransaction();
        }

        List<JsonObject> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          seen.add(nextChat(live));
        }
        assertThat(seen)
            .extracting(m -> m.getString("content"))
            .containsExactly("m0", "m1", "m2", "m3");
        assertThat(live.pollReply(Duration.ofMillis(700))).as("no second copy").isNull();

        // The client saw message 1 at the position of its aborted copy; it comes back from there.
        String since = seen.get(1).getString("pos");
        TextClient back = TextClient.connect(vertx, gateway.port(), "/chat");
        nextOfType(back, "welcome");
        back.send("{\"type\":\"subscribe\",\"room\":\"ops\",\"since\":\"" + since + "\"}");
        // The replay and the subscribed reply may come in either order.
        List<String> recovered = new ArrayList<>();
        JsonObject reply = null;
        while (reply == null || recovered.size() < 2) {
          JsonObject m = nextOfType(back, "chat", "subscribed");
          if (m.getString("type").equals("subscribed")) {
            reply = m;
          } else {
            recovered.add(m.getString("content"));
          }
        }
        assertThat(reply.getBoolean("recovered")).isTrue();
        assertThat(recovered).containsExactly("m2", "m3");
        assertThat(back.pollReply(Duration.ofMillis(700))).as("nothing replayed twice").isNull();
        live.close();
        back.close();
        Blocking.await(gateway.close(), "stop gateway");
      } finally {
        Blocking.awaitQuietly(vertx.close(), "stop vertx");
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> transactional(KafkaSettings settings) {
    Map<String, Object> props = settings.realtimeProducer("it-broadcaster");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-broadcaster");
    // The first transactional producer of a broker waits for its transaction log to be created.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
    return new KafkaProducer<>(props);
  }

  /**
   * Deliveries to room ops of messages {@code sources} of beacon.messages partition 0, as the
   * broadcaster makes them.
   */
  private static void send(KafkaProducer<byte[], byte[]> producer, long... sources) {
    for (long source : sources) {
      DeliveryRecord delivery =
          DeliveryRecord.toRoom(
              "ops",
              "id-" + source,
              ServerMessages.chat("ana", "m" + source, "ops", "c-1", source));
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              Topics.DELIVERIES,
              DeliveryRecordCodec.key(delivery),
              DeliveryRecordCodec.encode(delivery));
      new DeliverySource(DeliverySource.SourceTopic.MESSAGES, 0, source, 0)
          .writeTo(record.headers());
      producer.send(record);
    }
  }

  private static TextClient subscribed(Vertx vertx, int port, String subscribe) {
    TextClient client = TextClient.connect(vertx, port, "/chat");
    nextOfType(client, "welcome");
    client.send(subscribe);
    nextOfType(client, "subscribed");
    return client;
  }

  private static JsonObject nextChat(TextClient client) {
    return nextOfType(client, "chat");
  }

  private static JsonObject nextOfType(TextClient client, String... types) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (List.of(types).contains(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no message of type " + List.of(types) + " within " + WAIT);
  }
}
