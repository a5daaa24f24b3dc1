package dev.beacon.gateway.admin;

import dev.beacon.common.protocol.ClientMessages;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.ProtocolException;
import dev.beacon.common.protocol.RawJson;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.ChannelHistory;
import dev.beacon.gateway.messaging.ChannelQueries;
import dev.beacon.gateway.messaging.ChannelRefusal;
import dev.beacon.gateway.operations.ServerOperations;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/server/<method>}: the channel methods of Centrifugo's server API on Beacon's rooms,
 * each a {@code POST} of a JSON object named as Centrifugo names it ({@code channel}, {@code
 * channels}, {@code client}, {@code limit}, {@code since}, {@code reverse}, {@code pattern}):
 * {@code publish}, {@code broadcast} (one message to several rooms), {@code history}, {@code
 * presence}, {@code presence_stats}, {@code channels}, {@code subscribe} and {@code unsubscribe}.
 * Behind {@link AdminAuth} like every admin route. Writes answer 202 once Kafka holds them, reads
 * 200. {@code publish} and {@code broadcast} carry a text {@code message} and/or a {@code data} of
 * any JSON value, taken from the body's own text ({@link RawJson}) so it is delivered byte for
 * byte. Errors: 400 {@code bad_request}, 404 {@code client_not_connected}, 422 {@code history_off},
 * {@code presence_not_allowed}, {@code position_lost}, {@code payload_too_large}, 503 {@code
 * kafka_unavailable}.
 */
final class ChannelsApi {

  static final String PATH = "/server";

  private static final Logger log = LoggerFactory.getLogger(ChannelsApi.class);

  private final ServerOperations operations;

  private ChannelsApi(ServerOperations operations) {
    this.operations = operations;
  }

  static void mount(Router router, ServerOperations operations) {
    ChannelsApi api = new ChannelsApi(operations);
    Map<String, Method> methods =
        Map.of(
            "publish", api::publish,
            "broadcast", api::broadcast,
            "history", (body, text) -> api.history(body),
            "presence", (body, text) -> api.presence(body),
            "presence_stats", (body, text) -> api.presenceStats(body),
            "channels", (body, text) -> api.channels(body),
            "subscribe", (body, text) -> api.subscribe(body),
            "unsubscribe", (body, text) -> api.unsubscribe(body));
    methods.forEach(
        (name, method) -> router.post(PATH + "/" + name).handler(ctx -> api.call(ctx, method)));
  }

  /** What one method answers: its status and body. */
  private record Answer(int status, JsonObject body) {
    static Answer accepted() {
      return new Answer(202, new JsonObject().put("status", "accepted"));
    }

    static Answer ok(JsonObject body) {
      return new Answer(200, body);
    }
  }

  /** One method: it answers the parsed {@code body}, whose text as sent is {@code text}. */
  @FunctionalInterface
  private interface Method {
    Future<Answer> apply(JsonObject body, String text);
  }

  private Future<Answer> publish(JsonObject body, String text) {
    return operations
        .publish(channel(body), message(body), data(body, text), body.getString("from"))
        .map(v -> Answer.accepted());
  }

  private static String message(JsonObject body) {
    return body.getString("message");
  }

  /**
   * The body's own text of {@code data} (any JSON value, {@code null} included), never the parsed
   * value encoded again; null when the body has no {@code data}.
   */
  private static String data(JsonObject body, String text) {
    return body.containsKey("data") ? RawJson.field(text, "data") : null;
  }

  private Future<Answer> broadcast(JsonObject body, String text) {
    JsonArray channels = body.getJsonArray("channels");
    List<String> rooms = new ArrayList<>();
    if (channels != null) {
      channels.forEach(room -> rooms.add((String) room));
    }
    return operations
        .publishToEach(rooms, message(body), data(body, text), body.getString("from"))
        .map(v -> Answer.accepted());
  }

  private Future<Answer> history(JsonObject body) {
    String room = channel(body);
    Integer limit = body.getInteger("limit", ClientMessages.MAX_HISTORY_LIMIT);
    if (limit < 1 || limit > ClientMessages.MAX_HISTORY_LIMIT) {
      throw new IllegalArgumentException(
          "'limit' must be 1 to " + ClientMessages.MAX_HISTORY_LIMIT + ", got " + limit);
    }
    StreamPosition since = since(body.getString("since"));
    boolean reverse = body.getBoolean("reverse", false);
    return operations
        .history(room, limit, since, reverse)
        .map(page -> Answer.ok(historyJson(room, reverse, page)));
  }

  static JsonObject historyJson(String room, boolean reverse, ChannelHistory.Page page) {
    JsonArray messages = new JsonArray();
    page.messages().forEach(m -> messages.add(new JsonObject(m.delivery().frameAt(m.pos()))));
    return new JsonObject()
        .put("channel", room)
        .put("reverse", reverse)
        .put("messages", messages)
        .put("top", page.top() == null ? null : page.top().toString())
        .put("next", page.next() == null ? null : page.next().toString());
  }

  private Future<Answer> presence(JsonObject body) {
    String room = channel(body);
    JsonObject clients = new JsonObject();
    for (ClientPresent c : operations.presence(room)) {
      clients.put(
          c.clientId(),
          new JsonObject()
              .put("client", c.clientId())
              .put("user", c.clientId())
              .put("gateway", c.gateway())
              .put("connected_at", c.connectedAt()));
    }
    return Future.succeededFuture(
        Answer.ok(new JsonObject().put("channel", room).put("presence", clients)));
  }

  private Future<Answer> presenceStats(JsonObject body) {
    String room = channel(body);
    ChannelQueries.Stats stats = operations.presenceStats(room);
    return Future.succeededFuture(
        Answer.ok(
            new JsonObject()
                .put("channel", room)
                .put("num_clients", stats.clients())
                .put("num_users", stats.users())));
  }

  private Future<Answer> channels(JsonObject body) {
    JsonObject channels = new JsonObject();
    operations
        .activeChannels(body.getString("pattern"))
        .forEach((room, count) -> channels.put(room, new JsonObject().put("num_clients", count)));
    return Future.succeededFuture(Answer.ok(new JsonObject().put("channels", channels)));
  }

  private Future<Answer> subscribe(JsonObject body) {
    String client = connectedClient(body);
    return operations.subscribe(client, channel(body)).map(v -> Answer.accepted());
  }

  private Future<Answer> unsubscribe(JsonObject body) {
    String client = connectedClient(body);
    return operations.unsubscribe(client, channel(body)).map(v -> Answer.accepted());
  }

  private String connectedClient(JsonObject body) {
    String client = body.getString("client");
    if (client == null || client.isEmpty()) {
      throw new IllegalArgumentException("missing 'client': the client_id of a connected client");
    }
    if (!operations.isConnected(client)) {
      throw new NotConnected(client);
    }
    return client;
  }

  private static String channel(JsonObject body) {
    String channel = body.getString("channel");
    if (channel == null || channel.isEmpty()) {
      throw new IllegalArgumentException("missing 'channel': the room to act on");
    }
    return channel;
  }

  private static StreamPosition since(String since) {
    if (since == null) {
      return null;
    }
    try {
      return StreamPosition.parse(since);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(
          "'since' must be "
              + StreamPosition.FORM
              + " as received in pos or next, e.g. "
              + StreamPosition.EXAMPLE,
          e);
    }
  }

  private void call(RoutingContext ctx, Method method) {
    Future<Answer> answer;
    try {
      String text = ctx.body().isEmpty() ? "{}" : ctx.body().asString();
      JsonObject body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
      answer = method.apply(body == null ? new JsonObject() : body, text);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer
        .onSuccess(
            a ->
                ctx.response()
                    .setStatusCode(a.status())
                    .putHeader("Content-Type", "application/json")
                    .end(a.body().encode()))
        .onFailure(failure -> fail(ctx, failure));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof NotConnected) {
      AdminError.send(ctx, 404, ErrorCode.CLIENT_NOT_CONNECTED.code(), failure.getMessage());
    } else if (failure instanceof ChannelRefusal refused) {
      AdminError.send(ctx, 422, refused.code().code(), refused.getMessage());
    } else if (failure instanceof DecodeException
        || failure instanceof ClassCastException
        || failure instanceof IllegalArgumentException) {
      AdminError.send(ctx, 400, "bad_request", failure.getMessage());
    } else {
      log.warn(
          "admin API: {} {} failed: {}", ctx.request().method(), ctx.request().path(), failure);
      AdminError.send(
          ctx,
          503,
          ErrorCode.KAFKA_UNAVAILABLE.code(),
          "Kafka did not answer the request: " + failure.getMessage() + "; retry later");
    }
  }

  private static final class NotConnected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotConnected(String clientId) {
      super(
          "client '"
              + clientId
              + "' is not connected to any gateway; list clients with GET /api/clients",
          null,
          false,
          false);
    }
  }
}
