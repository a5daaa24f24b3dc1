package dev.beacon.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms side of a {@link BeaconClient}: joins (deferred until the connection's {@code
 * welcome}), the resubscription with {@code since} after every reconnect, and the deliveries handed
 * on once each, in order. Used from the client's event loop only.
 */
final class RoomFollower {

  private static final Logger LOG = LoggerFactory.getLogger(RoomFollower.class);

  private final RoomPositions rooms = new RoomPositions();
  private final Map<String, Promise<JsonObject>> deferredJoins = new HashMap<>();
  private final Function<JsonObject, Future<JsonObject>> request;
  private final Handler<JsonObject> deliver;
  private final Handler<JsonObject> lost;
  private boolean welcomed;

  /**
   * @param request sends a request and returns its reply
   * @param deliver receives each delivery once, in order
   * @param lost receives a {@code subscribed} with {@code recovered:false} after a reconnect
   */
  RoomFollower(
      Function<JsonObject, Future<JsonObject>> request,
      Handler<JsonObject> deliver,
      Handler<JsonObject> lost) {
    this.request = request;
    this.deliver = deliver;
    this.lost = lost;
    rooms.follow(BeaconClient.LOBBY);
  }

  Future<JsonObject> join(String room) {
    rooms.follow(room);
    if (welcomed) {
      return subscribe(room);
    }
    return deferredJoins.computeIfAbsent(room, r -> Promise.promise()).future();
  }

  Future<JsonObject> leave(String room) {
    rooms.unfollow(room);
    return request.apply(new JsonObject().put("type", "unsubscribe").put("room", room));
  }

  Set<String> rooms() {
    return rooms.rooms();
  }

  /**
   * A server message that is not a reply: held while its room recovers, dropped if already
   * delivered.
   */
  void onMessage(JsonObject message) {
    if (!rooms.hold(message)
        && rooms.advance(message.getString("room"), message.getString("pos"))) {
      deliver.handle(message);
    }
  }

  /** A connection's {@code welcome}: (re)subscribes every followed room, from its last position. */
  void onWelcome(boolean reconnect) {
    welcomed = true;
    for (String room : rooms.rooms()) {
      if (!BeaconClient.LOBBY.equals(room) || rooms.since(room) != null) {
        Promise<JsonObject> joined = deferredJoins.remove(room);
        Future<JsonObject> reply = recover(room).onSuccess(r -> reportLoss(r, reconnect));
        if (joined != null) {
          reply.onComplete(joined);
        }
      }
    }
    // a join of the lobby before the welcome: the server put the client there already
    deferredJoins
        .values()
        .forEach(
            p ->
                p.tryComplete(
                    new JsonObject().put("type", "subscribed").put("room", BeaconClient.LOBBY)));
    deferredJoins.clear();
  }

  void onClosed(ClosedEvent event) {
    welcomed = false;
    if (!event.willReconnect()) {
      deferredJoins.values().forEach(p -> p.tryFail("closed before the join was sent: " + event));
      deferredJoins.clear();
    }
  }

  /**
   * Subscribes from the last position, holding the room's deliveries until the reply, then
   * releasing them.
   */
  private Future<JsonObject> recover(String room) {
    if (rooms.since(room) == null) {
      return subscribe(room);
    }
    rooms.startRecovery(room);
    return subscribe(room).onComplete(r -> rooms.endRecovery(room).forEach(deliver::handle));
  }

  private Future<JsonObject> subscribe(String room) {
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("room", room);
    String since = rooms.since(room);
    if (since != null) {
      subscribe.put("since", since);
    }
    return request.apply(subscribe);
  }

  private void reportLoss(JsonObject subscribed, boolean reconnect) {
    if (reconnect && !subscribed.getBoolean("recovered", true)) {
      LOG.info(
          "room {} could not be recovered after a reconnect: messages were missed",
          subscribed.getString("room"));
      lost.handle(subscribed);
    }
  }
}
