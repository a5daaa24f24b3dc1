package dev.beacon.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GatewayPresenceTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<PresenceRecord> written = new ArrayList<>();
  private final GatewayPresence presence =
      new GatewayPresence("gw-self", Duration.ofSeconds(2), written::add, now::get);
  private final PresenceView records = presence.view();
  private final ClusterPresence view = presence;

  private static ClientPresent client(String id, String gateway, String... rooms) {
    return new ClientPresent(id, gateway, "127.0.0.1:1", 1L, List.of(rooms));
  }

  @Test
  @DisplayName(
      "clients count while their gateway's heartbeat is fresh, and leave with their tombstone")
  void clientsOfLiveGateways() {
    records.apply(new PresenceRecord.GatewayAlive("gw-a", now.get()));
    records.apply(client("c-1", "gw-a", "lobby"));
    records.apply(client("c-2", "gw-a", "lobby", "ops"));
    records.apply(client("c-3", "gw-unknown", "lobby"));
    assertThat(view.connectedClients()).isEqualTo(2);
    assertThat(view.members("ops")).extracting(ClientPresent::clientId).containsExactly("c-2");
    assertThat(view.isConnected("c-3")).isFalse();
    records.apply(new PresenceRecord.ClientLeft("c-1"));
    assertThat(view.isConnected("c-1")).isFalse();
    assertThat(view.connectedClients()).isEqualTo(1);
  }

  @Test
  @DisplayName("a gateway silent for three periods, or gone, takes its clients with it")
  void staleGateway() {
    records.apply(new PresenceRecord.GatewayAlive("gw-a", now.get()));
    records.apply(new PresenceRecord.GatewayAlive("gw-b", now.get()));
    records.apply(client("c-1", "gw-a", "lobby"));
    records.apply(client("c-2", "gw-b", "lobby"));
    now.addAndGet(15_001);
    records.apply(new PresenceRecord.GatewayAlive("gw-b", now.get()));
    assertThat(view.members("lobby")).extracting(ClientPresent::clientId).containsExactly("c-2");
    records.apply(new PresenceRecord.GatewayGone("gw-b"));
    assertThat(view.connectedClients()).isZero();
  }

  @Test
  @DisplayName(
      "a client announced before its gateway's first heartbeat counts, as the broadcaster counts it")
  void graceBeforeFirstHeartbeat() {
    records.apply(
        new ClientPresent("c-9", "gw-new", "127.0.0.1:1", now.get() - 1_000, List.of("lobby")));
    assertThat(view.isConnected("c-9")).isTrue();
    now.addAndGet(15_000);
    assertThat(view.isConnected("c-9")).isFalse();
  }

  @Test
  @DisplayName(
      "this gateway's heartbeat carries its period and its sessions reach the view at once")
  void ownRecords() {
    presence.heartbeat();
    PresenceRecord.ClientConnected me =
        new PresenceRecord.ClientConnected("me", "gw-self", "127.0.0.1:2", now.get());
    presence.connected(me);
    presence.joined(me, "ops");
    assertThat(written.get(0))
        .isEqualTo(new PresenceRecord.GatewayAlive("gw-self", now.get(), 2_000));
    assertThat(view.members("ops")).extracting(ClientPresent::clientId).containsExactly("me");
    now.addAndGet(6_001);
    assertThat(view.isConnected("me")).isFalse();
    presence.left("me", List.of("ops"));
    assertThat(written.subList(written.size() - 2, written.size()))
        .containsExactly(
            new PresenceRecord.RoomLeft("me", "ops"), new PresenceRecord.ClientLeft("me"));
  }
}
