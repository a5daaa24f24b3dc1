package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.it.support.Await;
import dev.beacon.it.support.BeaconProcess;
import dev.beacon.it.support.FreePorts;
import dev.beacon.it.support.Haproxy;
import dev.beacon.it.support.TextClient;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaled set-up of the README, every part a real process: the broker, the broadcaster and three
 * gateways, behind the Debian HAProxy. 120 clients follow a room; one gateway is killed with
 * SIGKILL mid-stream; its clients reconnect through HAProxy, resubscribe with their last position,
 * and end with every message exactly once, in order.
 */
class ScaledMessagingE2EIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int CLIENTS = 120;
  private static final int MESSAGES = 150;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "clients of a SIGKILLed gateway reconnect through HAProxy and recover with no gap and no duplicate")
  void killAGatewayMidStream() throws Exception {
    Assumptions.assumeTrue(
        Haproxy.installed(), "haproxy is not installed (apt-get install haproxy; .ci/run does)");
    int kafkaPort = FreePorts.next();
    String bootstrap = "127.0.0.1:" + kafkaPort;
    List<BeaconProcess> processes = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try (BeaconProcess kafka =
        BeaconProcess.start(
            dir.resolve("kafka.log"),
            Map.of(
                "BEACON_DATA_DIR",
                dir.resolve("kafka").toString(),
                "BEACON_KAFKA_PORT",
                String.valueOf(kafkaPort),
                "BEACON_KAFKA_CONTROLLER_PORT",
                String.valueOf(FreePorts.next())),
            "kafka")) {
      Await.until(
          "the Kafka process to accept connections",
          WAIT,
          () -> kafka.output().contains("Kafka is running"));
      Map<String, String> common =
          Map.of("BEACON_KAFKA_BOOTSTRAP", bootstrap, "BEACON_KAFKA_PARTITIONS", "3");
      processes.add(BeaconProcess.start(dir.resolve("broadcaster.log"), common, "broadcaster"));
      int[] ports = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
      for (int i = 0; i < ports.length; i++) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(
            Map.of(
                "BEACON_GATEWAY_PORT",
                String.valueOf(ports[i]),
                "BEACON_GATEWAY_ID",
                "gw" + (i + 1),
                "BEACON_GATEWAY_INSTANCES",
                "1"));
        // One after the other: JVMs starting at once on a busy 2-core machine can miss Kafka's
        // start-up timeouts.
        processes.add(
            BeaconProcess.start(dir.resolve("gw" + (i + 1) + ".log"), env, "gateway")
                .awaitHttpOk("http://127.0.0.1:" + ports[i] + "/ready", WAIT));
      }
      Await.until(
          "the broadcaster to start",
          WAIT,
          () -> processes.get(0).output().contains("Broadcaster routing"));
      int lbPort = FreePorts.next();
      try (Haproxy lb = Haproxy.start(dir, lbPort, ports)) {
        List<Follower> followers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          followers.add(Follower.join(vertx, lbPort));
        }
        assertThat(followers.stream().map(f -> f.gateway).distinct().count())
            .as("gateways used")
            .isEqualTo(3);

        TextClient publisher = TextClient.connect(vertx, ports[1], "/chat");
        Thread publishing = new Thread(() -> publish(publisher), "publisher");
        publishing.start();
        Await.until(
            "a third of the messages everywhere", WAIT, () -> drainAll(followers) >= MESSAGES / 3);
        processes.get(1).kill();

        Await.until(
            "every client to hold all " + MESSAGES + " messages",
            WAIT,
            () -> {
              for (Follower f : followers) {
                f.drain(lbPort);
              }
              return followers.stream().allMatch(f -> f.contents.size() >= MESSAGES);
            });
        publishing.join();
        long reconnected = followers.stream().filter(f -> f.reconnects > 0).count();
        assertThat(reconnected).as("clients that reconnected after the kill").isPositive();
        List<String> expected = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
          expected.add("m-" + m);
        }
        for (Follower f : followers) {
          f.drain(lbPort);
          assertThat(f.contents)
              .as("messages seen by a client (reconnects %d)", f.reconnects)
              .isEqualTo(expected);
        }
        followers.forEach(f -> f.client.close());
        publisher.close();
      }
    } finally {
      processes.forEach(BeaconProcess::close);
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  private static void publish(TextClient publisher) {
    for (int m = 0; m < MESSAGES; m++) {
      publisher.send(
          "{\"type\":\"chat\",\"room\":\"e2e\",\"sender\":\"pub\",\"content\":\"m-" + m + "\"}");
      try {
        Thread.sleep(40);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int drainAll(List<Follower> followers) {
    int least = Integer.MAX_VALUE;
    for (Follower f : followers) {
      f.drainWithoutReconnect();
      least = Math.min(least, f.contents.size());
    }
    return least;
  }

  /**
   * One client following room e2e, which reconnects and resumes from its last position when
   * dropped.
   */
  private static final class Follower {
    private final Vertx vertx;
    private final List<String> contents = new ArrayList<>();
    private TextClient client;
    private String gateway;
    private String lastPos;
    private int reconnects;

    private Follower(Vertx vertx) {
      this.vertx = vertx;
    }

    static Follower join(Vertx vertx, int lbPort) {
      Follower f = new Follower(vertx);
      f.connect(lbPort, "{\"type\":\"subscribe\",\"room\":\"e2e\"}");
      return f;
    }

    private void connect(int lbPort, String subscribe) {
      client = TextClient.connect(vertx, lbPort, "/chat");
      gateway = new JsonObject(client.nextReply(WAIT)).getString("gateway");
      client.send(subscribe);
    }

    void drainWithoutReconnect() {
      for (String frame = client.pollReply(Duration.ZERO);
          frame != null;
          frame = client.pollReply(Duration.ZERO)) {
        JsonObject m = new JsonObject(frame);
        if ("chat".equals(m.getString("type")) && "e2e".equals(m.getString("room"))) {
          contents.add(m.getString("content"));
          lastPos = m.getString("pos");
        }
      }
    }

    void drain(int lbPort) {
      drainWithoutReconnect();
      if (client.awaitClosed(Duration.ZERO)) {
        reconnects++;
        String since = lastPos == null ? "" : ",\"since\":\"" + lastPos + "\"";
        connect(lbPort, "{\"type\":\"subscribe\",\"room\":\"e2e\"" + since + "}");
      }
    }
  }
}
