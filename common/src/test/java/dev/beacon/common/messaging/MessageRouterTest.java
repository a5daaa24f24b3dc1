package dev.beacon.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.DeliveryRecord.Target;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.PresenceRecord.GatewayAlive;
import dev.beacon.common.protocol.ServerMessages;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageRouterTest {

  private static final long NOW = 1_763_762_345_123L;

  private final PresenceView presence = new PresenceView();

  private List<DeliveryRecord> route(MessageRecord message) {
    return List.of(MessageRouter.route(message, id -> presence.isPresent(id, NOW)));
  }

  @Test
  @DisplayName("a chat goes to its room, keyed by the room, with the chat payload")
  void chatToRoom() {
    MessageRecord chat = MessageRecord.chat("lobby", "c-1", "gw-a", "ana", "hi", NOW);

    List<DeliveryRecord> deliveries = route(chat);

    assertThat(deliveries)
        .containsExactly(DeliveryRecord.toRoom("lobby", chat.id(), ServerMessages.payloadOf(chat)));
    assertThat(deliveries.get(0).key()).isEqualTo(chat.key());
  }

  @Test
  @DisplayName("a broadcast goes to everyone, keyed *")
  void broadcastToAll() {
    MessageRecord broadcast =
        MessageRecord.broadcast("c-1", "gw-a", "ops", "maintenance at 18:00", NOW);

    List<DeliveryRecord> deliveries = route(broadcast);

    assertThat(deliveries)
        .containsExactly(DeliveryRecord.toAll(broadcast.id(), ServerMessages.payloadOf(broadcast)));
    assertThat(deliveries.get(0).key()).isEqualTo("*").isEqualTo(broadcast.key());
  }

  @Test
  @DisplayName("a direct message to a present client goes to that client, keyed @<to>")
  void directToPresentClient() {
    presence.apply(new GatewayAlive("gw-b", NOW));
    presence.apply(new ClientPresent("c-2", "gw-b", "", NOW, List.of("lobby")));
    MessageRecord direct = MessageRecord.direct("c-2", "c-1", "gw-a", "ana", "psst", NOW);

    List<DeliveryRecord> deliveries = route(direct);

    assertThat(deliveries)
        .containsExactly(
            DeliveryRecord.toClient("c-2", direct.id(), ServerMessages.payloadOf(direct)));
    assertThat(deliveries.get(0).key()).isEqualTo("@c-2").isEqualTo(direct.key());
  }

  @Test
  @DisplayName(
      "a direct message to an absent client comes back to its author as client_not_connected")
  void directToAbsentClient() {
    MessageRecord direct = MessageRecord.direct("c-9", "c-1", "gw-a", "ana", "psst", NOW);

    List<DeliveryRecord> deliveries = route(direct);

    assertThat(deliveries).hasSize(1);
    DeliveryRecord error = deliveries.get(0);
    assertThat(error.target()).isEqualTo(Target.CLIENT);
    assertThat(error.client()).isEqualTo("c-1");
    assertThat(error.messageId()).isEqualTo(direct.id());
    JsonObject payload = new JsonObject(error.payload());
    assertThat(payload.getString("type")).isEqualTo("error");
    assertThat(payload.getString("code")).isEqualTo(ErrorCode.CLIENT_NOT_CONNECTED.code());
    assertThat(payload.getString("message"))
        .contains("'c-9'", "not connected", "check the client id", "reconnect");
    assertThat(payload.containsKey("content")).isFalse();
  }

  @Test
  @DisplayName("a direct message to a client of a dead gateway is refused")
  void directToClientOfStaleGateway() {
    presence.apply(new GatewayAlive("gw-b", NOW - 60_000));
    presence.apply(new ClientPresent("c-2", "gw-b", "", NOW - 60_000, List.of()));
    MessageRecord direct = MessageRecord.direct("c-2", "c-1", "gw-a", "ana", "psst", NOW);

    DeliveryRecord delivery = route(direct).get(0);

    assertThat(delivery.client()).isEqualTo("c-1");
    assertThat(delivery.payload()).contains("client_not_connected");
  }
}
