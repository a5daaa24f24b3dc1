package dev.beacon.gateway.dispatch;

import dev.beacon.common.protocol.ClientMessages;
import dev.beacon.gateway.messaging.MessagingClient;
import dev.beacon.gateway.messaging.MessagingHandlers;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches JSON frames by their {@code type} to the registered {@link JsonMessageHandler}s and
 * encodes what comes back. Every frame gets exactly one reply: the handler's, or {@code
 * {"type":"error","id":...,"code":"...","message":"..."}} (codes in {@link GatewayError}). New
 * message types plug in with {@link #on}; nothing else changes. The real-time messaging types
 * ({@link ClientMessages#TYPES}) not registered with {@link #on} go to {@link MessagingHandlers},
 * which encode their own replies.
 */
public final class JsonMessageRouter {

  private static final Logger log = LoggerFactory.getLogger(JsonMessageRouter.class);
  private static final String DECODE_PREFIX = "Failed to decode:";

  private final Map<String, JsonMessageHandler> handlers = new LinkedHashMap<>();
  private MessagingHandlers messaging;
  private Consumer<String> typeCounter = type -> {};

  public JsonMessageRouter on(String type, JsonMessageHandler handler) {
    handlers.put(type, handler);
    return this;
  }

  /**
   * Tells {@code counter} the type of every frame routed: a known type, or null for invalid JSON or
   * unknown.
   */
  public JsonMessageRouter countingTypes(Consumer<String> counter) {
    this.typeCounter = counter;
    return this;
  }

  public JsonMessageRouter messaging(MessagingHandlers messagingHandlers) {
    this.messaging = messagingHandlers;
    return this;
  }

  /** The encoded reply to one JSON frame, null for none; the future always succeeds. */
  public Future<String> route(String frame, MessagingClient client, long receivedAt) {
    JsonObject body;
    try {
      body = new JsonObject(frame);
    } catch (DecodeException e) {
      typeCounter.accept(null);
      return Future.succeededFuture(error(null, GatewayError.invalidJson(decodeProblem(e))));
    }
    JsonMessage message =
        new JsonMessage(
            body, frame.length(), client.clientId(), receivedAt, client.guard().devices());
    Object type = body.getValue("type");
    String name = type instanceof String s ? s : null;
    JsonMessageHandler handler = name == null ? null : handlers.get(name);
    if (handler == null
        && name != null
        && messaging != null
        && ClientMessages.TYPES.contains(name)) {
      typeCounter.accept(name);
      return messaging.handle(frame, body, client, receivedAt);
    }
    if (handler == null) {
      typeCounter.accept(null);
      return Future.succeededFuture(
          error(message.id(), GatewayError.unknownType(type, knownTypes())));
    }
    typeCounter.accept(name);
    return invoke(handler, message)
        .map(JsonObject::encode)
        .otherwise(failure -> error(message.id(), failure));
  }

  private Set<String> knownTypes() {
    Set<String> known = new LinkedHashSet<>(handlers.keySet());
    if (messaging != null) {
      known.addAll(ClientMessages.TYPES);
    }
    return known;
  }

  private static Future<JsonObject> invoke(JsonMessageHandler handler, JsonMessage message) {
    try {
      return handler.handle(message);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String error(Object id, Throwable failure) {
    GatewayError error = failure instanceof GatewayError known ? known : unexpected(failure);
    JsonObject reply = new JsonObject().put("type", "error");
    if (id != null) {
      reply.put("id", id);
    }
    return reply.put("code", error.code()).put("message", error.getMessage()).encode();
  }

  private static GatewayError unexpected(Throwable failure) {
    log.warn("JSON message handler failed unexpectedly", failure);
    return GatewayError.internal();
  }

  private static String decodeProblem(DecodeException e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith(DECODE_PREFIX) ? message.substring(DECODE_PREFIX.length()) : message;
  }
}
