package dev.beacon.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientLeft;
import dev.beacon.common.protocol.PresenceRecord.GatewayGone;
import dev.beacon.common.protocol.PresenceRecord.RoomJoined;
import dev.beacon.common.protocol.PresenceRecord.RoomLeft;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JoinLeaveEventsTest {

  private final List<String> events = new ArrayList<>();
  private final JoinLeaveEvents joinLeave =
      new JoinLeaveEvents(
          ChannelNamespaces.of(List.of(ChannelNamespace.builder("live").joinLeave(true).build())),
          (room, frame) -> {
            JsonObject f = new JsonObject(frame);
            events.add(f.getString("type") + " " + room + " " + f.getString("client_id"));
          });

  @Test
  @DisplayName("one join per client and room, however often the membership is read; one leave")
  void oncePerClient() {
    ClientConnected ana = new ClientConnected("ana", "gw-1", "127.0.0.1", 100);
    joinLeave.heard(ana);
    joinLeave.heard(ana.joined("live:a"));
    joinLeave.heard(ana.joined("live:a"));
    joinLeave.heard(new RoomLeft("ana", "live:a"));
    joinLeave.heard(new RoomLeft("ana", "live:a"));
    assertThat(events).containsExactly("join live:a ana", "leave live:a ana");
    assertThat(joinLeave.memberships()).isZero();
  }

  @Test
  @DisplayName("rooms of a namespace without joinLeave make no events and are not held")
  void onlyEnabledNamespaces() {
    joinLeave.heard(new RoomJoined("ana", "lobby", "gw-1", 100));
    joinLeave.heard(new RoomJoined("ana", "other:x", "gw-1", 100));
    assertThat(events).isEmpty();
    assertThat(joinLeave.memberships()).isZero();
  }

  @Test
  @DisplayName(
      "a disconnect, a newer connection of the same client and a gateway's shutdown each leave")
  void leavesOnDisconnectReplaceAndShutdown() {
    joinLeave.heard(new RoomJoined("ana", "live:a", "gw-1", 100));
    joinLeave.heard(new RoomJoined("ana", "live:b", "gw-1", 100));
    joinLeave.heard(new ClientLeft("ana"));
    joinLeave.heard(new RoomJoined("bob", "live:a", "gw-1", 100));
    joinLeave.heard(new ClientConnected("bob", "gw-2", "127.0.0.1", 200));
    joinLeave.heard(new RoomJoined("bob", "live:a", "gw-2", 200));
    joinLeave.heard(new RoomJoined("cy", "live:a", "gw-2", 300));
    joinLeave.heard(new GatewayGone("gw-2"));
    assertThat(events)
        .containsExactly(
            "join live:a ana",
            "join live:b ana",
            "leave live:a ana",
            "leave live:b ana",
            "join live:a bob",
            "leave live:a bob",
            "join live:a bob",
            "join live:a cy",
            "leave live:a bob",
            "leave live:a cy");
  }
}
