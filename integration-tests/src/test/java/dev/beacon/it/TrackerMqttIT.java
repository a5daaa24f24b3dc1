package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.Executables;
import dev.beacon.it.support.TrackerStack;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT listener on a real pipeline, with real MQTT clients (Eclipse Paho in this JVM, and
 * Debian's mosquitto_pub): OwnTracks and Beacon topics at QoS 0, 1 and 2, PUBACK only once Kafka
 * holds the fix (none while the broker is down; the resend after it adds no row), bad fixes
 * acknowledged and reported on {@code beacon/errors/<client id>}, credentials checked at CONNECT,
 * subscriptions limited, packet size and keep-alive enforced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerMqttIT {

  private static final Duration WAIT = TrackerStack.WAIT;

  /** Small, so that a client asking for no keep-alive is closed within the test. */
  private static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private TrackerStack stack;
  private String key;

  @BeforeAll
  void start() {
    stack =
        new TrackerStack(
            dir,
            TrackerConfig.builder()
                .mqttEnabled(true)
                .mqttPort(0)
                .mqttMaxKeepAlive(MAX_KEEP_ALIVE)
                .build());
    key = stack.key("ana.*", "mq-*");
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @DisplayName(
      "an OwnTracks location at QoS 1 is acknowledged, stored with its details, and its repeat adds no row")
  void ownTracksQos1() throws Exception {
    MqttClient client = connect("ot-1", "ana", key);
    try {
      String location =
          new JsonObject()
              .put("_type", "location")
              .put("tst", 1_681_593_747)
              .put("lat", 44.8159745)
              .put("lon", 20.4601243)
              .put("tid", "ph")
              .put("vel", 72)
              .put("cog", 45)
              .put("alt", 117)
              .put("acc", 12)
              .put("batt", 64)
              .put("conn", "m")
              .encode();
      client.publish("owntracks/ana/phone", bytes(location), 1, true);
      stack.awaitRows("the OwnTracks fix in gps.db", "device_id = 'ana.phone'", 1);
      JsonObject record = stack.storedRow("ana.phone");
      assertThat(record.getDouble("speed")).isCloseTo(20.0, within(1e-9));
      assertThat(record.getDouble("course")).isEqualTo(45.0);
      assertThat(record.getDouble("altitude")).isEqualTo(117.0);
      assertThat(record.getDouble("accuracy")).isEqualTo(12.0);
      assertThat(record.getDouble("battery")).isEqualTo(64.0);
      assertThat(record.getJsonObject("attributes").getMap()).containsEntry("conn", "m");

      client.publish("owntracks/ana/phone", bytes(location), 1, true);
      client.publish(
          "owntracks/ana/phone/event",
          bytes("{\"_type\":\"transition\",\"event\":\"leave\",\"tst\":1681593750}"),
          1,
          false);
      Await.until("the repeat in beacon.gps", WAIT, () -> stack.records("ana.phone").size() == 2);
      stack.awaitRows("rows of ana.phone after the repeat", "device_id = 'ana.phone'", 1);
    } finally {
      close(client);
    }
  }

  @Test
  @DisplayName(
      "closed connections give back their per-address slot: more than the limit, one after the other, all get in")
  void perAddressSlotsReleased() throws Exception {
    for (int i = 0; i <= TrackerStack.MAX_CONNECTIONS_PER_IP; i++) {
      MqttClient client = connect("slot-" + i, "mq-slot", key);
      client.disconnect();
      client.close();
    }
    for (int i = 0; i < 5; i++) {
      try (MqttClient refused = new MqttClient(url(), "slot-bad-" + i, new MemoryPersistence())) {
        assertThatThrownBy(() -> refused.connect(options("mq-slot", "bk_nobody_wrong")))
            .isInstanceOf(MqttException.class);
      }
    }
    MqttClient last = connect("slot-last", "mq-slot", key);
    assertThat(last.isConnected()).isTrue();
    last.disconnect();
    last.close();
  }

  @Test
  @DisplayName("Beacon's topic takes the JSON gps fix at QoS 0, 1 and 2")
  void beaconTopicAllQos() throws Exception {
    MqttClient client = connect("bc-1", "mq-1", key);
    try {
      for (int qos = 0; qos <= 2; qos++) {
        client.publish(
            "beacon/gps/mq-1",
            bytes("{\"ts\":" + (1_681_593_747 + qos) + ",\"lat\":12.5,\"lon\":40.25}"),
            qos,
            false);
      }
      stack.awaitRows("the three fixes of mq-1", "device_id = 'mq-1'", 3);
    } finally {
      close(client);
    }
  }

  @Test
  @DisplayName(
      "a bad fix is acknowledged, reported on beacon/errors/<client id>, and writes nothing")
  void badFixReported() throws Exception {
    BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    MqttClient client = connect("bad-1", "mq-bad", key);
    try {
      client.subscribe(
          "beacon/errors/bad-1",
          0,
          (topic, message) -> errors.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
      client.publish(
          "beacon/gps/mq-bad", bytes("{\"ts\":1681593747,\"lat\":95,\"lon\":1}"), 1, false);
      JsonObject error = new JsonObject(errors.poll(30, TimeUnit.SECONDS));
      assertThat(error.getString("code")).isEqualTo("lat_out_of_range");
      assertThat(error.getString("topic")).isEqualTo("beacon/gps/mq-bad");
      client.publish("somewhere/else", bytes("{}"), 1, false);
      assertThat(new JsonObject(errors.poll(30, TimeUnit.SECONDS)).getString("code"))
          .isEqualTo("bad_request");
      client.publish("beacon/gps/mq-bad", bytes("not json"), 1, false);
      assertThat(new JsonObject(errors.poll(30, TimeUnit.SECONDS)).getString("code"))
          .isEqualTo("invalid_json");
      assertThat(client.isConnected()).as("a bad fix leaves the connection open").isTrue();
    } finally {
      close(client);
    }
    assertThat(stack.count("device_id = 'mq-bad'")).isZero();
  }

  @Test
  @DisplayName("a subscription to anything but the client's error topic is refused")
  void subscriptionsLimited() throws Exception {
    MqttClient client = connect("sub-1", "mq-sub", key);
    try {
      IMqttToken refused = null;
      try {
        refused = client.subscribeWithResponse("owntracks/#", 1);
      } catch (MqttException e) {
        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
      }
      if (refused != null) {
        assertThat(refused.getGrantedQos()).containsExactly(0x80);
      }
    } finally {
      close(client);
    }
  }

  @Test
  @DisplayName(
      "CONNECT: a wrong key gets return code 4, none 5; a key's foreign device closes the connection unacknowledged")
  void credentials() throws Exception {
    assertThatThrownBy(
            () ->
                connect(
                    "cred-1",
                    "mq-1",
                    "bk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOfSatisfying(
            MqttSecurityException.class,
            e ->
                assertThat(e.getReasonCode())
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    assertThatThrownBy(() -> connect("cred-2", "mq-1", null))
        .isInstanceOfSatisfying(
            MqttSecurityException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    String token = TrackerStack.token("fleet", "mq-jwt");
    MqttClient withToken = connect("cred-3", "fleet", token);
    try {
      withToken.publish(
          "beacon/gps/mq-jwt", bytes("{\"ts\":1681593747,\"lat\":5.5,\"lon\":5.5}"), 1, false);
      assertThatThrownBy(
              () ->
                  withToken.publish(
                      "beacon/gps/other-device",
                      bytes("{\"ts\":1681593747,\"lat\":6.5,\"lon\":6.5}"),
                      1,
                      false))
          .isInstanceOf(MqttException.class);
    } finally {
      close(withToken);
    }
    stack.awaitRows("the token's fix", "device_id = 'mq-jwt'", 1);
    assertThat(stack.count("device_id = 'other-device'")).isZero();
  }

  @Test
  @DisplayName(
      "a packet above the size limit closes the connection; so does silence beyond the keep-alive")
  void packetSizeAndKeepAlive() throws Exception {
    AtomicReference<Throwable> lost = new AtomicReference<>();
    MqttClient big = connect("big-1", "mq-big", key);
    try {
      big.setCallback(lostInto(lost));
      assertThatThrownBy(
              () ->
                  big.publish(
                      "beacon/gps/mq-big",
                      bytes(
                          "{\"ts\":1681593747,\"lat\":1,\"lon\":1,\"x\":\""
                              + "y".repeat(20_000)
                              + "\"}"),
                      1,
                      false))
          .isInstanceOf(MqttException.class);
      Await.until("the oversized client to be disconnected", WAIT, () -> !big.isConnected());
    } finally {
      close(big);
    }
    assertThat(stack.count("device_id = 'mq-big'")).isZero();

    AtomicReference<Throwable> silent = new AtomicReference<>();
    MqttConnectOptions noKeepAlive = options("mq-silent", key);
    noKeepAlive.setKeepAliveInterval(0);
    MqttClient quiet = new MqttClient(url(), "quiet-1", new MemoryPersistence());
    quiet.setCallback(lostInto(silent));
    quiet.connect(noKeepAlive);
    try {
      Await.until(
          "a client asking for no keep-alive to be closed after 1.5 x " + MAX_KEEP_ALIVE,
          WAIT,
          () -> silent.get() != null);
    } finally {
      close(quiet);
    }
  }

  @Test
  @DisplayName(
      "while the broker is down a QoS 1 fix gets no PUBACK; resent once it is back, it is acknowledged and stored once")
  void brokerOutage() throws Exception {
    byte[] fix = bytes("{\"ts\":1681593800,\"lat\":7.5,\"lon\":7.5}");
    MqttClient client = connect("outage-1", "mq-outage", key);
    stack.stopBroker();
    try {
      assertThatThrownBy(() -> client.publish("beacon/gps/mq-outage", fix, 1, false))
          .as("a publish while Kafka is down")
          .isInstanceOf(MqttException.class);
    } finally {
      close(client);
      stack.startBroker();
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean acknowledged = false;
    while (!acknowledged && System.nanoTime() < deadline) {
      MqttClient again = connect("outage-2", "mq-outage", key);
      try {
        again.publish("beacon/gps/mq-outage", fix, 1, false);
        again.publish("beacon/gps/mq-outage", fix, 1, false);
        acknowledged = true;
      } catch (MqttException e) {
        // Kafka not back yet: the gateway closed the connection without an ack; try again.
      } finally {
        close(again);
      }
    }
    assertThat(acknowledged).as("a PUBACK after the broker came back").isTrue();
    stack.awaitRows(
        "the resent fix, once", "device_id = 'mq-outage' AND device_ts = 1681593800000", 1);
  }

  @Test
  @DisplayName(
      "mosquitto_pub publishes an OwnTracks location at QoS 1 with a device key, and is refused a wrong one")
  void mosquittoPub() throws Exception {
    assertThat(Executables.onPath("mosquitto_pub"))
        .as(
            "mosquitto_pub is required for this test: apt-get install mosquitto-clients"
                + " (.ci/run installs it)")
        .isTrue();
    String message =
        "{\"_type\":\"location\",\"tst\":1681593747,\"lat\":41.9,\"lon\":12.5,\"batt\":90}";
    assertThat(mosquittoPub("ana", key, "owntracks/ana/tablet", message)).isZero();
    stack.awaitRows("mosquitto_pub's fix", "device_id = 'ana.tablet'", 1);
    assertThat(
            mosquittoPub(
                "ana",
                "bk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "owntracks/ana/tablet",
                message))
        .as("mosquitto_pub's exit code with a wrong key")
        .isNotZero();
  }

  private int mosquittoPub(String user, String password, String topic, String message)
      throws Exception {
    Process process =
        new ProcessBuilder(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(stack.mqttPort()),
                "-V",
                "mqttv311",
                "-i",
                "mosquitto-it",
                "-u",
                user,
                "-P",
                password,
                "-q",
                "1",
                "-t",
                topic,
                "-m",
                message)
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
    return process.exitValue();
  }

  private MqttClient connect(String clientId, String user, String password) throws MqttException {
    MqttClient client = new MqttClient(url(), clientId, new MemoryPersistence());
    client.setTimeToWait(30_000);
    try {
      client.connect(options(user, password));
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static MqttConnectOptions options(String user, String password) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setKeepAliveInterval(1);
    options.setConnectionTimeout(30);
    options.setAutomaticReconnect(false);
    options.setUserName(user);
    if (password != null) {
      options.setPassword(password.toCharArray());
    }
    return options;
  }

  private String url() {
    return "tcp://127.0.0.1:" + stack.mqttPort();
  }

  private static MqttCallback lostInto(AtomicReference<Throwable> lost) {
    return new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lost.set(cause == null ? new IllegalStateException("lost") : cause);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    };
  }

  private static void close(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect(5_000);
      }
    } catch (MqttException e) {
      // already gone
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // already closed
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
