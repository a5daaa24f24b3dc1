package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KafkaClusterViewTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final KafkaClusterView view = new KafkaClusterView(Duration.ofSeconds(5), now::get);

  private static ClientPresent client(String id, String gateway, String... rooms) {
    return new ClientPresent(id, gateway, "127.0.0.1:1", 1L, List.of(rooms));
  }

  @Test
  @DisplayName("clients count while their gateway's heartbeat is fresh, and leave with their tombstone")
  void clientsOfLiveGateways() {
    view.apply(new PresenceRecord.GatewayAlive("gw-a", now.get()));
    view.apply(client("c-1", "gw-a", "lobby"));
    view.apply(client("c-2", "gw-a", "lobby", "ops"));
    view.apply(client("c-3", "gw-unknown", "lobby"));
    assertThat(view.connectedClients()).isEqualTo(2);
    assertThat(view.members("ops")).extracting(ClientPresent::clientId).containsExactly("c-2");
    assertThat(view.isConnected("c-3")).isFalse();
    view.apply(new PresenceRecord.ClientLeft("c-1"));
    assertThat(view.isConnected("c-1")).isFalse();
    assertThat(view.connectedClients()).isEqualTo(1);
  }

  @Test
  @DisplayName("a gateway silent for three periods, or gone, takes its clients with it")
  void staleGateway() {
    view.apply(new PresenceRecord.GatewayAlive("gw-a", now.get()));
    view.apply(new PresenceRecord.GatewayAlive("gw-b", now.get()));
    view.apply(client("c-1", "gw-a", "lobby"));
    view.apply(client("c-2", "gw-b", "lobby"));
    now.addAndGet(15_001);
    view.apply(new PresenceRecord.GatewayAlive("gw-b", now.get()));
    assertThat(view.members("lobby")).extracting(ClientPresent::clientId).containsExactly("c-2");
    view.apply(new PresenceRecord.GatewayGone("gw-b"));
    assertThat(view.connectedClients()).isZero();
  }
}
