package dev.beacon.common.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientLeft;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecord.GatewayAlive;
import dev.beacon.common.protocol.PresenceRecord.GatewayGone;
import dev.beacon.common.protocol.PresenceRecord.RoomLeft;
import dev.beacon.common.protocol.PresenceRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceViewTest {

  private static final Duration PERIOD = Duration.ofSeconds(5);
  private static final long T0 = 1_763_762_345_000L;

  private final PresenceView view = new PresenceView();

  private static ClientPresent client(
      String id, String gateway, long connectedAt, String... rooms) {
    return new ClientPresent(id, gateway, "10.0.0.7:51234", connectedAt, List.of(rooms));
  }

  @Test
  @DisplayName("a client of a gateway that heartbeats is present, with its rooms")
  void presentWithLiveGateway() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby", "gps:32"));

    assertThat(view.isPresent("c-1", T0 + 1000)).isTrue();
    assertThat(view.count(T0 + 1000)).isEqualTo(1);
    assertThat(view.members("lobby", T0 + 1000))
        .extracting(ClientPresent::clientId)
        .containsExactly("c-1");
    assertThat(view.members("gps:32", T0 + 1000)).hasSize(1);
    assertThat(view.members("other", T0 + 1000)).isEmpty();
    assertThat(view.client("c-1", T0).orElseThrow().gateway()).isEqualTo("gw-a");
  }

  @Test
  @DisplayName(
      "format 2: a connection, then one record per room joined or left, builds the same entry as format 1")
  void formatTwoMemberships() {
    view.apply(new GatewayAlive("gw-a", T0));
    ClientConnected c1 = new ClientConnected("c-1", "gw-a", "10.0.0.7:51234", T0);
    view.apply(c1);
    view.apply(c1.joined("lobby"));
    view.apply(c1.joined("gps:32"));
    view.apply(c1.joined("ops"));
    view.apply(new RoomLeft("c-1", "gps:32"));

    assertThat(view.client("c-1", T0).orElseThrow())
        .isEqualTo(client("c-1", "gw-a", T0, "lobby", "ops"));
    assertThat(view.members("gps:32", T0)).isEmpty();
    assertThat(view.rooms()).isEqualTo(2);
    view.apply(c1);
    assertThat(view.client("c-1", T0).orElseThrow().rooms())
        .as("the same connection again keeps its rooms")
        .containsExactly("lobby", "ops");
  }

  @Test
  @DisplayName(
      "format 2: the client's tombstone removes every membership; memberships of an older connection "
          + "(a dead gateway's) never attach to a new one")
  void formatTwoTombstoneAndReconnect() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(new GatewayAlive("gw-b", T0));
    ClientConnected old = new ClientConnected("c-1", "gw-a", "", T0);
    view.apply(old);
    view.apply(old.joined("lobby"));
    view.apply(old.joined("ops"));
    view.apply(new ClientLeft("c-1"));
    assertThat(view.members("lobby", T0)).isEmpty();
    assertThat(view.rooms()).isZero();
    assertThat(view.entries()).isZero();

    view.apply(old);
    view.apply(old.joined("ops"));
    ClientConnected again = new ClientConnected("c-1", "gw-b", "", T0 + 10);
    view.apply(again);
    view.apply(old.joined("lobby"));
    view.apply(again.joined("news"));
    assertThat(view.client("c-1", T0 + 10).orElseThrow().rooms()).containsExactly("news");
    assertThat(view.members("ops", T0 + 10)).isEmpty();
    assertThat(view.members("lobby", T0 + 10)).isEmpty();
  }

  @Test
  @DisplayName(
      "old and new records together, as a topic holds them during an upgrade, read as one view")
  void mixedFormats() {
    view.apply(new GatewayAlive("gw-a", T0));
    List<PresenceRecord> topic = new ArrayList<>();
    topic.add(client("old-1", "gw-a", T0, "lobby", "ops"));
    ClientConnected fresh = new ClientConnected("new-1", "gw-a", "", T0);
    topic.add(fresh);
    topic.add(fresh.joined("ops"));
    for (PresenceRecord r : topic) {
      view.apply(
          PresenceRecordCodec.decode(PresenceRecordCodec.key(r), PresenceRecordCodec.encode(r)));
    }
    view.apply(
        PresenceRecordCodec.decode(
            "client:old-2".getBytes(StandardCharsets.UTF_8),
            ("{\"v\":1,\"client_id\":\"old-2\",\"gateway\":\"gw-a\",\"connected_at\":"
                    + T0
                    + ",\"rooms\":[\"ops\"]}")
                .getBytes(StandardCharsets.UTF_8)));

    assertThat(view.members("ops", T0))
        .extracting(ClientPresent::clientId)
        .containsExactlyInAnyOrder("old-1", "new-1", "old-2");
    assertThat(view.members("lobby", T0))
        .extracting(ClientPresent::clientId)
        .containsExactly("old-1");
  }

  @Test
  @DisplayName("an unknown client is not present")
  void unknownClient() {
    assertThat(view.isPresent("nobody", T0)).isFalse();
    assertThat(view.count(T0)).isZero();
  }

  @Test
  @DisplayName("a tombstone removes the client")
  void tombstoneRemoves() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby"));
    view.apply(new ClientLeft("c-1"));

    assertThat(view.isPresent("c-1", T0)).isFalse();
    assertThat(view.members("lobby", T0)).isEmpty();
    assertThat(view.entries()).isZero();
  }

  @Test
  @DisplayName("a later record of a client replaces its rooms")
  void subscriptionChangeReplacesRooms() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby"));
    view.apply(client("c-1", "gw-a", T0, "lobby", "news").withRooms(List.of("news")));

    assertThat(view.members("lobby", T0)).isEmpty();
    assertThat(view.members("news", T0)).extracting(ClientPresent::clientId).containsExactly("c-1");
  }

  @Test
  @DisplayName(
      "clients of a gateway silent for more than three periods are gone, and back when it heartbeats")
  void staleGateway() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby"));

    long edge = T0 + 3 * PERIOD.toMillis();
    assertThat(view.isPresent("c-1", edge)).isTrue();
    assertThat(view.isPresent("c-1", edge + 1)).isFalse();
    assertThat(view.isGatewayAlive("gw-a", edge + 1)).isFalse();
    assertThat(view.count(edge + 1)).isZero();
    assertThat(view.members("lobby", edge + 1)).isEmpty();

    view.apply(new GatewayAlive("gw-a", edge));
    assertThat(view.isPresent("c-1", edge + 1)).isTrue();
  }

  @Test
  @DisplayName("a gateway's tombstone makes its clients absent, other gateways' clients stay")
  void gatewayGone() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(new GatewayAlive("gw-b", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby"));
    view.apply(client("c-2", "gw-b", T0, "lobby"));
    view.apply(new GatewayGone("gw-a"));

    assertThat(view.isPresent("c-1", T0)).isFalse();
    assertThat(view.isPresent("c-2", T0)).isTrue();
    assertThat(view.members("lobby", T0))
        .extracting(ClientPresent::clientId)
        .containsExactly("c-2");
    assertThat(view.isGatewayAlive("gw-a", T0)).isFalse();
  }

  @Test
  @DisplayName(
      "before its gateway's first heartbeat, a client counts only while it connected recently")
  void gatewayNotSeenYet() {
    view.apply(client("c-1", "gw-new", T0, "lobby"));

    assertThat(view.isPresent("c-1", T0 + 3 * PERIOD.toMillis())).isTrue();
    assertThat(view.isPresent("c-1", T0 + 3 * PERIOD.toMillis() + 1)).isFalse();
  }

  @Test
  @DisplayName("members are listed in the order they connected")
  void membersInArrivalOrder() {
    view.apply(new GatewayAlive("gw-a", T0 + 10));
    view.apply(client("c-3", "gw-a", T0 + 3, "lobby"));
    view.apply(client("c-1", "gw-a", T0 + 1, "lobby"));
    view.apply(client("c-2", "gw-a", T0 + 2, "lobby"));

    assertThat(view.members("lobby", T0 + 10))
        .extracting(ClientPresent::clientId)
        .containsExactly("c-1", "c-2", "c-3");
    assertThat(view.count(T0 + 10)).isEqualTo(3);
  }

  @Test
  @DisplayName("a client moving to another gateway follows that gateway's liveness")
  void clientMovesGateway() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(new GatewayAlive("gw-b", T0 + 20_000));
    view.apply(client("c-1", "gw-a", T0, "lobby"));
    view.apply(client("c-1", "gw-b", T0 + 20_000, "lobby"));

    assertThat(view.isPresent("c-1", T0 + 25_000)).isTrue();
    assertThat(view.count(T0 + 25_000)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "each gateway is judged by the period its heartbeat carries, not by a setting of the reader")
  void periodTravelsInTheHeartbeat() {
    view.apply(new GatewayAlive("fast", T0, Duration.ofSeconds(1)));
    view.apply(new GatewayAlive("slow", T0, Duration.ofSeconds(30)));
    view.apply(client("c-fast", "fast", T0, "lobby"));
    view.apply(client("c-slow", "slow", T0, "lobby"));

    assertThat(view.isPresent("c-fast", T0 + 3_000)).isTrue();
    assertThat(view.isPresent("c-fast", T0 + 3_001)).isFalse();
    assertThat(view.isPresent("c-slow", T0 + 60_000)).isTrue();
    assertThat(view.isGatewayAlive("slow", T0 + 90_000)).isTrue();
    assertThat(view.isGatewayAlive("slow", T0 + 90_001)).isFalse();
  }

  @Test
  @DisplayName("a heartbeat with a period that is not positive is refused when read")
  void badPeriod() {
    assertThatThrownBy(() -> new GatewayAlive("gw-a", T0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period_ms");
  }

  @Test
  @DisplayName("the room index follows joins, leaves and departures, and forgets empty rooms")
  void roomIndex() {
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby", "ops"));
    view.apply(client("c-2", "gw-a", T0 + 1, "lobby"));
    assertThat(view.rooms()).isEqualTo(2);

    view.apply(client("c-1", "gw-a", T0, "lobby"));
    assertThat(view.hasMembers("ops", T0)).isFalse();
    assertThat(view.rooms()).isEqualTo(1);

    view.apply(new ClientLeft("c-1"));
    assertThat(view.members("lobby", T0))
        .extracting(ClientPresent::clientId)
        .containsExactly("c-2");
    view.apply(new ClientLeft("c-2"));
    assertThat(view.hasMembers("lobby", T0)).isFalse();
    assertThat(view.rooms()).isZero();
  }

  @Test
  @DisplayName("an older heartbeat arriving after a newer one does not turn the clock back")
  void olderHeartbeatIgnored() {
    view.apply(new GatewayAlive("gw-a", T0 + 60_000));
    view.apply(new GatewayAlive("gw-a", T0));
    view.apply(client("c-1", "gw-a", T0, "lobby"));

    assertThat(view.isPresent("c-1", T0 + 70_000)).isTrue();
  }
}
