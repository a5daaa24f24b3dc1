package dev.beacon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.BroadcasterConfig;
import dev.beacon.broadcaster.BroadcasterService;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.embedded.kafka.EmbeddedKafka;
import dev.beacon.embedded.kafka.KafkaBrokerConfig;
import dev.beacon.gateway.Gateway;
import dev.beacon.gateway.GatewayConfig;
import dev.beacon.gateway.kafka.KafkaBackend;
import dev.beacon.gateway.security.ResourceBounds;
import dev.beacon.gateway.session.ConnectionListener;
import dev.beacon.it.support.Await;
import dev.beacon.it.support.TextClient;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.server.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client floods a gateway on a real broker with {@code subscribe} + {@code since}: the Kafka
 * consumers the gateway opens for it, counted by the Kafka client's own {@code app-info} MBeans
 * while the flood runs, never exceed {@code BEACON_MAX_RECOVERY_READERS}; the replays beyond wait
 * their turn and every one recovers (as after a gateway's death, when all its clients recover at
 * once elsewhere); and every consumer is closed once the flood is answered. The per-connection cap
 * ({@code recovery_busy}) is RecoveryTest's.
 */
class RecoveryFloodIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int READERS = 2;
  private static final int FLOOD = 40;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "a since-subscribe flood opens at most BEACON_MAX_RECOVERY_READERS consumers at once; the rest wait and all recover")
  void sinceFlood() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.onFreePorts(dir))) {
      KafkaSettings settings =
          KafkaSettings.builder().bootstrap(kafka.bootstrap()).partitions(1).build();
      BroadcasterService broadcaster =
          Blocking.await(
              BroadcasterService.start(vertx, BroadcasterConfig.defaults(), settings),
              "broadcaster");
      GatewayConfig config =
          GatewayConfig.builder().port(0).gatewayId("gw-flood").instances(1).build().toBuilder()
              .bounds(
                  ResourceBounds.builder()
                      .maxRecoveryReaders(READERS)
                      .maxRecoveriesPerConnection(FLOOD)
                      .build())
              .build();
      Gateway gateway =
          Blocking.await(
              Gateway.deploy(vertx, config, KafkaBackend.of(settings), ConnectionListener.NONE),
              "gateway");
      try (TextClient client = TextClient.connect(vertx, gateway.port(), "/chat")) {
        nextOfType(client, "welcome");
        client.send("{\"type\":\"subscribe\",\"room\":\"flood\"}");
        nextOfType(client, "subscribed");
        client.send(
            "{\"type\":\"chat\",\"room\":\"flood\",\"sender\":\"a\",\"content\":\"first\"}");
        String pos = nextOfType(client, "chat").getString("pos");

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger mostConsumers = new AtomicInteger();
        Thread sampler =
            new Thread(
                () -> {
                  while (flooding.get()) {
                    mostConsumers.accumulateAndGet(recoveryConsumers(), Math::max);
                  }
                },
                "consumer-sampler");
        sampler.start();
        for (int i = 0; i < FLOOD; i++) {
          client.send(
              "{\"type\":\"subscribe\",\"room\":\"flood\",\"since\":\""
                  + pos
                  + "\",\"id\":"
                  + i
                  + "}");
        }
        int recovered = 0;
        int busy = 0;
        while (recovered + busy < FLOOD) {
          JsonObject reply = nextOfType(client, "subscribed", "error");
          if ("subscribed".equals(reply.getString("type"))) {
            assertThat(reply.getBoolean("recovered")).isTrue();
            recovered++;
          } else {
            assertThat(reply.getString("code")).isEqualTo(ErrorCode.RECOVERY_BUSY.code());
            assertThat(reply.getString("message")).contains("again");
            busy++;
          }
        }
        flooding.set(false);
        sampler.join();
        assertThat(mostConsumers.get()).as("recovery consumers open at once").isBetween(1, READERS);
        assertThat(busy).as("subscribes answered recovery_busy").isZero();
        assertThat(recovered).as("subscribes recovered").isEqualTo(FLOOD);
        Await.until("every recovery consumer closed", WAIT, () -> recoveryConsumers() == 0);
      } finally {
        Blocking.awaitQuietly(gateway.close(), "stop gateway");
        Blocking.awaitQuietly(broadcaster.close(), "stop broadcaster");
      }
    } finally {
      Blocking.awaitQuietly(vertx.close(), "stop vertx");
    }
  }

  /**
   * Kafka consumers of recoveries alive in this JVM: each registers an app-info MBean named by its
   * client id.
   */
  private static int recoveryConsumers() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      return (int)
          server.queryNames(new ObjectName("kafka.consumer:type=app-info,id=*"), null).stream()
              .filter(name -> name.getKeyProperty("id").contains("-recovery-"))
              .count();
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject nextOfType(TextClient client, String... types) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = new JsonObject(client.nextReply(WAIT));
      if (java.util.List.of(types).contains(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("no message of type " + java.util.List.of(types) + " within " + WAIT);
  }
}
