package dev.beacon.gateway.messaging;

import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.protocol.ClientMessages;
import dev.beacon.common.protocol.ClientRequest;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.ProtocolException;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.Recovery;
import dev.beacon.gateway.proxy.BackendHooks;
import dev.beacon.gateway.proxy.HookVerdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the real-time messaging requests of one event loop's connections. Every request makes its
 * connection a messaging client first (so its {@code welcome} comes just before this reply). A
 * reply of null means none is sent: a chat's author receives the chat itself through delivery.
 */
public final class MessagingHandlers {

  private static final Logger log = LoggerFactory.getLogger(MessagingHandlers.class);

  private final String gatewayId;
  private final Backend backend;
  private final DeliveryFanOut deliveries;
  private final long startedAt;
  private final RecoveryReaders readers;
  private final int maxRecoveriesPerConnection;
  private final ChannelQueries channels;
  private final NamespaceRules namespaces;
  private final BackendHooks hooks;

  public MessagingHandlers(
      String gatewayId,
      Backend backend,
      DeliveryFanOut deliveries,
      long startedAt,
      RecoveryReaders readers,
      int maxRecoveriesPerConnection,
      NamespaceRules namespaces,
      ChannelQueries channels,
      BackendHooks hooks) {
    this.channels = channels;
    this.gatewayId = gatewayId;
    this.backend = backend;
    this.deliveries = deliveries;
    this.startedAt = startedAt;
    this.readers = readers;
    this.maxRecoveriesPerConnection = maxRecoveriesPerConnection;
    this.namespaces = namespaces;
    this.hooks = hooks;
  }

  /**
   * The reply text (null for none) to one request; the future always succeeds. A {@code refresh} is
   * answered without making the connection a messaging client (devices refresh too); a request the
   * connection's token does not allow is answered with error {@code forbidden}, one its channel's
   * namespace refuses with that rule's error ({@link NamespaceRules}). {@code frame} is the text
   * {@code body} was parsed from: a payload's {@code data} is taken from it as sent.
   */
  public Future<String> handle(
      String frame, JsonObject body, MessagingClient client, long receivedAt) {
    if (!ClientRequest.Refresh.TYPE.equals(body.getValue("type"))) {
      client.activate();
    }
    try {
      ClientRequest request = ClientMessages.decode(frame, body);
      String refusal = client.guard().refusal(request);
      if (refusal != null) {
        return Future.succeededFuture(
            ServerMessages.error(request.id(), ErrorCode.FORBIDDEN.code(), refusal));
      }
      String namespaceRefusal = namespaces.refusal(request, client);
      if (namespaceRefusal != null) {
        return Future.succeededFuture(namespaceRefusal);
      }
      return handle(request, client, receivedAt);
    } catch (ProtocolException e) {
      return Future.succeededFuture(e.toFrame());
    }
  }

  private Future<String> handle(ClientRequest request, MessagingClient client, long receivedAt)
      throws ProtocolException {
    // The author's identity comes from the connection, never from the frame: client_id and
    // verified_sub of the
    // delivery are these two, whatever fields the client sent.
    String from = client.clientId();
    String sub = client.guard().verifiedSubject();
    if (request instanceof ClientRequest.Chat chat && hooks.publishes(chat.room())) {
      return proxiedChat(chat, client, receivedAt);
    } else if (request instanceof ClientRequest.Chat chat) {
      return publish(
          MessageRecord.chat(
                  chat.room(),
                  from,
                  gatewayId,
                  chat.sender(),
                  chat.content(),
                  chat.data(),
                  receivedAt)
              .verifiedAs(sub),
          chat.id(),
          null);
    } else if (request instanceof ClientRequest.Broadcast b) {
      return publish(
          MessageRecord.broadcast(from, gatewayId, b.from(), b.message(), b.data(), receivedAt)
              .verifiedAs(sub),
          b.id(),
          ServerMessages.broadcastAck(b.id(), receivedAt));
    } else if (request instanceof ClientRequest.Direct direct) {
      return direct(direct, from, sub, receivedAt);
    } else if (request instanceof ClientRequest.Subscribe s && hooks.subscribes(s.room())) {
      return proxiedSubscribe(s, client);
    } else if (request instanceof ClientRequest.Subscribe s) {
      return subscribe(s, client);
    } else if (request instanceof ClientRequest.Unsubscribe u) {
      client.leave(u.room());
      return Future.succeededFuture(ServerMessages.unsubscribed(u.room(), u.id()));
    } else if (request instanceof ClientRequest.Presence p) {
      return refusedOr(
          p.id(),
          () ->
              Future.succeededFuture(
                  ServerMessages.presence(p.room(), channels.presence(p.room()), p.id())));
    } else if (request instanceof ClientRequest.PresenceStats p) {
      return refusedOr(
          p.id(),
          () -> {
            ChannelQueries.Stats stats = channels.presenceStats(p.room());
            return Future.succeededFuture(
                ServerMessages.presenceStats(p.room(), stats.clients(), stats.users(), p.id()));
          });
    } else if (request instanceof ClientRequest.History h) {
      return history(h, client);
    } else if (request instanceof ClientRequest.Custom custom) {
      return Future.succeededFuture(custom(custom));
    } else if (request instanceof ClientRequest.Refresh refresh
        && hooks.refreshes(client.guard())) {
      return proxiedRefresh(refresh, client);
    } else if (request instanceof ClientRequest.Refresh refresh) {
      return refresh(refresh, client);
    }
    return Future.succeededFuture(
        ServerMessages.pong(from, System.currentTimeMillis(), request.id()));
  }

  /**
   * Joins at once; with {@code since}, replays what the room got after it before answering, unless
   * the connection or the gateway already has as many replays running as it may: then error {@code
   * recovery_busy}, the room joined all the same (live deliveries flow) and the replay left for the
   * client to ask again.
   */
  private Future<String> subscribe(ClientRequest.Subscribe s, MessagingClient client) {
    if (!client.hasRoomFor(s.room())) {
      return Future.succeededFuture(
          ServerMessages.error(
              s.id(),
              ErrorCode.TOO_MANY_ROOMS.code(),
              "this connection already follows "
                  + client.maxRooms()
                  + " rooms (BEACON_MAX_ROOMS_PER_CONNECTION); "
                  + "unsubscribe from one first, or open another connection"));
    }
    client.join(s.room());
    if (s.since() == null) {
      return Future.succeededFuture(ServerMessages.subscribed(s.room(), true, null, 0, s.id()));
    }
    if (client.replaysInFlight() >= maxRecoveriesPerConnection) {
      return recoveryBusy(
          s,
          "this connection already has "
              + maxRecoveriesPerConnection
              + " recoveries in flight; wait for their 'subscribed' replies, then send this subscribe with since again");
    }
    client.replayStarted();
    long before = client.startRecovery(s.room());
    Promise<Recovery.Replay> read = Promise.promise();
    Runnable start =
        () ->
            replay(s, before)
                .onComplete(
                    done -> {
                      readers.release();
                      client.replayEnded();
                      read.handle(done);
                    });
    // A replay that waited for a reader starts on this connection's event loop all the same.
    Context context = Vertx.currentContext();
    readers.whenFree(context == null ? start : () -> context.runOnContext(v -> start.run()));
    Future<Recovery.Replay> reading = read.future();
    return reading
        .otherwise(
            failure -> {
              log.warn(
                  "recovery of room {} for client {} failed: {}",
                  s.room(),
                  client.clientId(),
                  failure.toString());
              return Recovery.Replay.lost();
            })
        .map(
            replay -> {
              StreamPosition latest = client.finishRecovery(s.room(), replay.missed());
              StreamPosition pos = latest != null ? latest : replay.recovered() ? s.since() : null;
              return ServerMessages.subscribed(
                  s.room(), replay.recovered(), pos, replay.missed().size(), s.id());
            });
  }

  // Proxy hooks (docs/proxy.md): the application's backend allows, refuses or changes these first.

  /**
   * A {@code chat} or {@code publish} the publish hook allows, as sent or with the result's {@code
   * data}: that replaces the message's {@code data}, or the {@code content} of a text-only message
   * when it is a string. The hook is sent the {@code data}, or the text as a JSON string.
   */
  private Future<String> proxiedChat(
      ClientRequest.Chat chat, MessagingClient client, long receivedAt) {
    Object sent = chat.data() != null ? Json.decodeValue(chat.data()) : chat.content();
    return hooks
        .publish(client.guard(), chat.room(), sent)
        .compose(
            verdict -> {
              if (!verdict.allowed()) {
                return refused(verdict, chat.id(), client);
              }
              Object changed = verdict.result().getValue("data");
              String content = chat.content();
              String data = chat.data();
              if (changed instanceof String text && data == null) {
                content = text;
              } else if (changed != null) {
                data = Json.encode(changed);
              }
              return publish(
                  MessageRecord.chat(
                          chat.room(),
                          client.clientId(),
                          gatewayId,
                          chat.sender(),
                          content,
                          data,
                          receivedAt)
                      .verifiedAs(client.guard().verifiedSubject()),
                  chat.id(),
                  null);
            });
  }

  /**
   * A {@code subscribe} the subscribe hook allows; the {@code data} of its result, if any, goes
   * back in the {@code subscribed} reply.
   */
  private Future<String> proxiedSubscribe(ClientRequest.Subscribe s, MessagingClient client) {
    return hooks
        .subscribe(client.guard(), s.room())
        .compose(
            verdict -> {
              if (!verdict.allowed()) {
                return refused(verdict, s.id(), client);
              }
              Object data = verdict.result().getValue("data");
              return subscribe(s, client)
                  .map(
                      reply ->
                          data == null || reply == null || !reply.contains("\"subscribed\"")
                              ? reply
                              : new JsonObject(reply).put("data", data).encode());
            });
  }

  /**
   * A {@code refresh} on a connection the connect hook identified: the backend extends its session
   * ({@code expire_at}), ends it ({@code expired}: close 4011) or refuses.
   */
  private Future<String> proxiedRefresh(ClientRequest.Refresh refresh, MessagingClient client) {
    return hooks
        .refresh(client.guard(), refresh.token())
        .compose(
            verdict -> {
              if (!verdict.allowed()) {
                return refused(verdict, refresh.id(), client);
              }
              if (Boolean.TRUE.equals(verdict.result().getValue("expired"))) {
                client.disconnect(
                    CloseCodes.TOKEN_EXPIRED,
                    "the application ended this session; reconnect to start another");
                return Future.succeededFuture(null);
              }
              long expireAt =
                  verdict.result().getValue("expire_at") instanceof Number n ? n.longValue() : 0;
              client.guard().extendSession(expireAt, verdict.result().getValue("info"));
              return Future.succeededFuture(
                  ServerMessages.refreshed(expireAt, List.of(), refresh.id()));
            });
  }

  private static Future<String> refused(HookVerdict verdict, Object id, MessagingClient client) {
    if (verdict.disconnects()) {
      client.disconnect(verdict.closeCode(), verdict.closeReason());
      return Future.succeededFuture(null);
    }
    return Future.succeededFuture(verdict.errorFrame(id));
  }

  /**
   * A page of the room's history, read by one of the gateway's history readers; a connection has at
   * most {@code BEACON_MAX_RECOVERIES_PER_CONNECTION} reads (recoveries and histories) in flight,
   * beyond which it gets {@code recovery_busy}.
   */
  private Future<String> history(ClientRequest.History h, MessagingClient client) {
    if (client.replaysInFlight() >= maxRecoveriesPerConnection) {
      return Future.succeededFuture(
          ServerMessages.error(
              h.id(),
              ErrorCode.RECOVERY_BUSY.code(),
              "this connection already has "
                  + maxRecoveriesPerConnection
                  + " history reads or recoveries in flight; wait for their answers, then ask again"));
    }
    client.replayStarted();
    return channels
        .history(h.room(), h.limit(), h.since(), h.reverse())
        .map(
            page -> {
              List<String> frames =
                  page.messages().stream().map(m -> m.delivery().frameAt(m.pos())).toList();
              return ServerMessages.history(
                  h.room(), frames, page.top(), page.next(), h.reverse(), h.id());
            })
        .otherwise(failure -> refusal(h.id(), h.room(), failure))
        .onComplete(done -> client.replayEnded());
  }

  private static String refusal(Object id, String room, Throwable failure) {
    if (failure instanceof ChannelRefusal refused) {
      return ServerMessages.error(id, refused.code().code(), refused.getMessage());
    }
    log.warn("history of room {} not read: {}", room, failure.toString());
    return ServerMessages.error(
        id,
        ErrorCode.KAFKA_UNAVAILABLE.code(),
        "history of room '" + room + "' could not be read from Kafka in time; ask again later");
  }

  private static Future<String> refusedOr(Object id, Supplier<Future<String>> answer) {
    try {
      return answer.get();
    } catch (ChannelRefusal refused) {
      return Future.succeededFuture(
          ServerMessages.error(id, refused.code().code(), refused.getMessage()));
    }
  }

  private Future<Recovery.Replay> replay(ClientRequest.Subscribe s, long before) {
    try {
      return backend.recovery().replay(s.room(), s.since(), before);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<String> recoveryBusy(ClientRequest.Subscribe s, String why) {
    return Future.succeededFuture(
        ServerMessages.error(
            s.id(),
            ErrorCode.RECOVERY_BUSY.code(),
            "room '" + s.room() + "' joined but not recovered: " + why));
  }

  private Future<String> direct(
      ClientRequest.Direct direct, String from, String sub, long receivedAt) {
    if (!backend.presence().isConnected(direct.to())) {
      return Future.succeededFuture(MessageRouter.notConnected(direct.id(), direct.to()));
    }
    return publish(
        MessageRecord.direct(
                direct.to(),
                from,
                gatewayId,
                direct.sender(),
                direct.content(),
                direct.data(),
                receivedAt)
            .verifiedAs(sub),
        direct.id(),
        null);
  }

  private String custom(ClientRequest.Custom custom) throws ProtocolException {
    if (!ClientRequest.Custom.GET_STATS.equals(custom.action())) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST,
          "field 'action' '"
              + custom.action()
              + "' is not one this gateway knows; send "
              + ClientRequest.Custom.GET_STATS,
          custom.id());
    }
    return ServerMessages.stats(
        backend.presence().connectedClients(),
        System.currentTimeMillis() - startedAt,
        deliveries.dispatched(),
        custom.id());
  }

  /**
   * A new token may grant fewer rooms: the ones it no longer allows are left, and the answer names
   * them.
   */
  private static Future<String> refresh(ClientRequest.Refresh refresh, MessagingClient client) {
    return client
        .guard()
        .refreshFetchingKeys(refresh.token())
        .map(
            exp -> {
              List<String> left = client.leaveRoomsNotGranted();
              if (!left.isEmpty()) {
                log.info(
                    "client {} left rooms {}: its refreshed token no longer allows them",
                    client.clientId(),
                    left);
              }
              return ServerMessages.refreshed(exp, left, refresh.id());
            })
        .otherwise(
            failure -> {
              log.debug(
                  "refresh refused for client {}: {}", client.clientId(), failure.getMessage());
              return ServerMessages.error(
                  refresh.id(),
                  ErrorCode.INVALID_TOKEN.code(),
                  "token not refreshed: " + failure.getMessage());
            });
  }

  private Future<String> publish(MessageRecord message, Object id, String reply) {
    return backend
        .messages()
        .publish(message)
        .map(v -> reply)
        .otherwise(
            failure -> {
              log.debug(
                  "{} from client {} not taken by Kafka: {}",
                  message.kind().wire(),
                  message.clientId(),
                  failure.toString());
              return ServerMessages.error(
                  id,
                  ErrorCode.KAFKA_UNAVAILABLE.code(),
                  "Kafka did not take the "
                      + message.kind().wire()
                      + " message; it may not be delivered, send it again later");
            });
  }
}
