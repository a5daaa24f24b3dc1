package dev.beacon.gateway.admin;

import dev.beacon.common.geofence.GeofenceLimits;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.ControlRecord;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.gateway.operations.ServerApiConfig;
import dev.beacon.gateway.operations.ServerOperations;
import dev.beacon.gateway.web.ApiDocuments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API of a gateway, mounted at {@code <BEACON_PATH_PREFIX>/api}; JSON in and out,
 * documented in {@code docs/server-api.md}. Every route first passes {@link AdminAuth}. Operations
 * are cluster-wide ({@link ServerOperations}); a write answers 202 once Kafka holds it.
 *
 * <p>Errors: 400 {@code bad_request} (what was wrong), 401 {@code unauthorized}, 404 {@code
 * admin_api_disabled} or {@code client_not_connected}, 413 {@code body_too_large}, 503 {@code
 * kafka_unavailable}, all in the one error shape. Its OpenAPI document is {@code GET openapi.yaml},
 * readable without the token.
 */
public final class AdminApi {

  /** Request bodies above this get 413: the largest message plus room for the JSON around it. */
  static final int BODY_OVERHEAD_BYTES = 4_096;

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  private final ServerOperations operations;

  private AdminApi(ServerOperations operations) {
    this.operations = operations;
  }

  /** The API's routes, relative to its mount point. */
  public static Router router(
      Vertx vertx, ServerApiConfig config, ServerOperations operations, int maxMessageSize) {
    return router(
        vertx,
        config,
        operations,
        maxMessageSize,
        new AdminThrottle(
            dev.beacon.gateway.security.ResourceBounds.DEFAULT_ADMIN_MAX_FAILURES,
            dev.beacon.gateway.security.ResourceBounds.DEFAULT_ADMIN_FAILURE_WINDOW));
  }

  /**
   * As above, with the gateway's one {@code throttle} of wrong tokens, shared by its event loops.
   */
  public static Router router(
      Vertx vertx,
      ServerApiConfig config,
      ServerOperations operations,
      int maxMessageSize,
      AdminThrottle throttle) {
    return router(vertx, config, operations, maxMessageSize, throttle, GeofenceLimits.defaults());
  }

  /** As above, with the deployment's bounds of geofences. */
  public static Router router(
      Vertx vertx,
      ServerApiConfig config,
      ServerOperations operations,
      int maxMessageSize,
      AdminThrottle throttle,
      GeofenceLimits geofenceLimits) {
    AdminApi api = new AdminApi(operations);
    Router router = Router.router(vertx);
    // Before the token check: the description of the API is no secret, and a client generator needs
    // no token.
    ApiDocuments.mount(router, "", "openapi.yaml", ApiDocuments.ADMIN_OPENAPI);
    router.route().handler(new AdminAuth(config.adminToken(), throttle));
    int bodyLimit = maxMessageSize + BODY_OVERHEAD_BYTES;
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    router.get("/clients/count").handler(api::count);
    router.get("/clients").handler(api::list);
    router.post("/clients/:id/disconnect").handler(ctx -> api.withBody(ctx, api::disconnect));
    router.post("/clients/:id/send").handler(ctx -> api.withBody(ctx, api::send));
    router.post("/broadcast").handler(ctx -> api.withBody(ctx, api::broadcast));
    router.post("/rooms/:room/publish").handler(ctx -> api.withBody(ctx, api::publish));
    DeviceKeysApi.mount(router, operations);
    ChannelsApi.mount(router, operations);
    GeofencesApi.mount(router, () -> operations.geofences(), geofenceLimits);
    router
        .route()
        .handler(
            ctx ->
                AdminError.send(
                    ctx,
                    404,
                    "not_found",
                    "no admin API route "
                        + ctx.request().method()
                        + " "
                        + ctx.request().path()
                        + "; GET "
                        + documentPath(ctx)
                        + " describes every route (docs/server-api.md)"));
    router.route().failureHandler(ctx -> failure(ctx, bodyLimit));
    return router;
  }

  private void count(RoutingContext ctx) {
    ctx.json(new JsonObject().put("count", operations.count()));
  }

  private void list(RoutingContext ctx) {
    ListQuery query = ListQuery.of(ctx.queryParams());
    if (query.problem() != null) {
      AdminError.send(ctx, 400, "bad_request", query.problem());
      return;
    }
    Predicate<ClientPresent> wanted = query.filter();
    List<ClientPresent> matching = operations.clients().stream().filter(wanted).toList();
    JsonArray clients = new JsonArray();
    matching.stream().limit(query.limit()).map(AdminApi::clientJson).forEach(clients::add);
    ctx.json(
        new JsonObject()
            .put("count", matching.size())
            .put("truncated", matching.size() > query.limit())
            .put("clients", clients));
  }

  static JsonObject clientJson(ClientPresent c) {
    return new JsonObject()
        .put("client_id", c.clientId())
        .put("gateway", c.gateway())
        .put("remote", c.remote())
        .put("connected_at", c.connectedAt())
        .put("rooms", new JsonArray(c.rooms()));
  }

  private Future<Void> disconnect(RoutingContext ctx, JsonObject body) {
    String id = ctx.pathParam("id");
    int code = body.getInteger("code", (int) CloseCodes.DISCONNECTED);
    String reason = body.getString("reason", "disconnected by the server");
    String problem = ControlRecord.closeProblem(code, reason);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    requireConnected(id);
    return operations
        .disconnect(id, code, reason)
        .onSuccess(
            v ->
                log.info(
                    "admin API: disconnect of client {} with {} ({}) sent to its gateway, asked by {}",
                    id,
                    code,
                    reason,
                    ctx.request().remoteAddress()));
  }

  private Future<Void> send(RoutingContext ctx, JsonObject body) {
    String id = ctx.pathParam("id");
    requireConnected(id);
    return operations.send(id, body.getString("message"), body.getString("from"));
  }

  private Future<Void> broadcast(RoutingContext ctx, JsonObject body) {
    return operations.broadcast(
        body.getString("message"), body.getString("room"), body.getString("from"));
  }

  private Future<Void> publish(RoutingContext ctx, JsonObject body) {
    return operations.publish(
        ctx.pathParam("room"), body.getString("message"), body.getString("from"));
  }

  private void requireConnected(String clientId) {
    if (!operations.isConnected(clientId)) {
      throw new NotConnected(clientId);
    }
  }

  /**
   * Parses the body, runs the write, answers 202 once Kafka holds it; maps failures to documented
   * errors.
   */
  private void withBody(RoutingContext ctx, Write write) {
    Future<Void> result;
    try {
      JsonObject body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
      result = write.apply(ctx, body == null ? new JsonObject() : body);
    } catch (NotConnected e) {
      AdminError.send(ctx, 404, ErrorCode.CLIENT_NOT_CONNECTED.code(), e.getMessage());
      return;
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      AdminError.send(ctx, 400, "bad_request", e.getMessage());
      return;
    }
    result
        .onSuccess(
            v ->
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", "accepted").encode()))
        .onFailure(
            e ->
                AdminError.send(
                    ctx,
                    503,
                    ErrorCode.KAFKA_UNAVAILABLE.code(),
                    "Kafka did not take the request: " + e.getMessage() + "; retry later"));
  }

  /**
   * Where this router serves its OpenAPI document, seen from the client: under the API's mount
   * point.
   */
  private static String documentPath(RoutingContext ctx) {
    String mount = ctx.mountPoint() == null ? "/" : ctx.mountPoint();
    return (mount.endsWith("/") ? mount : mount + "/") + "openapi.yaml";
  }

  /**
   * Failures raised by handlers (the body limit's 413 above all) in the one error shape, not
   * Vert.x's text.
   */
  private static void failure(RoutingContext ctx, int bodyLimit) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.statusCode() == 413) {
      AdminError.send(
          ctx,
          413,
          "body_too_large",
          "the request body is above "
              + bodyLimit
              + " bytes (BEACON_MAX_MESSAGE_SIZE + "
              + BODY_OVERHEAD_BYTES
              + "); send a shorter message");
      return;
    }
    log.error(
        "admin API: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    AdminError.send(ctx, 500, "internal_error", "the gateway failed to answer; see its log");
  }

  @FunctionalInterface
  private interface Write {
    Future<Void> apply(RoutingContext ctx, JsonObject body);
  }

  private static final class NotConnected extends RuntimeException {
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
