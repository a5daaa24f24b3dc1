package dev.beacon.gateway.admin;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceJson;
import dev.beacon.common.geofence.GeofenceLimits;
import dev.beacon.common.geofence.InvalidGeofenceException;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.backend.GeofenceStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/geofences}: {@code POST} makes a fence (201 with it; the body's {@code id} is
 * optional, one is made when absent), {@code GET} lists them, {@code GET /{id}} shows one, {@code
 * PUT /{id}} replaces its name and shape (keeping its id and creation time), {@code DELETE /{id}}
 * deletes it (200 with the fence as it was). Stored on the compacted {@code beacon.geofences},
 * which the ingestor judges every stored fix against. Behind {@link AdminAuth} like every admin
 * route. Errors: 400 {@code bad_request} (what is wrong with the fence), 404 {@code
 * geofence_not_found}, 409 {@code geofence_exists} or {@code too_many_geofences} ({@code
 * BEACON_GEOFENCE_MAX_FENCES}), 503 {@code kafka_unavailable}.
 */
final class GeofencesApi {

  static final String PATH = "/geofences";
  static final String NOT_FOUND = "geofence_not_found";
  static final String EXISTS = "geofence_exists";
  static final String TOO_MANY = "too_many_geofences";
  private static final String EXAMPLE =
      "send {\"name\":\"Depot\",\"type\":\"circle\",\"lat\":44.81,\"lon\":20.46,\"radius_m\":250}"
          + " or {\"name\":\"Yard\",\"type\":\"polygon\",\"points\":[{\"lat\":44.8,\"lon\":20.4},...]}";

  private static final Logger log = LoggerFactory.getLogger(GeofencesApi.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<GeofenceStore> store;
  private final GeofenceLimits limits;

  private GeofencesApi(Supplier<GeofenceStore> store, GeofenceLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  static void mount(Router router, Supplier<GeofenceStore> store, GeofenceLimits limits) {
    GeofencesApi api = new GeofencesApi(store, limits);
    router.post(PATH).handler(api::create);
    router.get(PATH).handler(api::list);
    router.get(PATH + "/:id").handler(api::show);
    router.put(PATH + "/:id").handler(api::replace);
    router.delete(PATH + "/:id").handler(api::delete);
  }

  private void create(RoutingContext ctx) {
    GeofenceStore fences = store.get();
    JsonObject body;
    Geofence fence;
    try {
      body = body(ctx);
      Object given = body.getValue("id");
      if (given != null && !(given instanceof String)) {
        throw new InvalidGeofenceException("'id' must be a string of " + Geofence.ID_RULE);
      }
      String id = given == null ? newId() : (String) given;
      long now = System.currentTimeMillis();
      fence = GeofenceJson.parse(body, id, now, now, limits);
    } catch (InvalidGeofenceException | DecodeException e) {
      AdminError.send(ctx, 400, "bad_request", e.getMessage() + "; " + EXAMPLE);
      return;
    }
    if (fences.directory().get(fence.id()) != null) {
      AdminError.send(
          ctx,
          409,
          EXISTS,
          "geofence '"
              + fence.id()
              + "' exists; PUT "
              + ctx.request().path()
              + "/"
              + fence.id()
              + " changes it");
      return;
    }
    if (fences.directory().size() >= limits.maxFences()) {
      AdminError.send(
          ctx,
          409,
          TOO_MANY,
          "this deployment holds at most "
              + limits.maxFences()
              + " geofences (BEACON_GEOFENCE_MAX_FENCES); delete one or raise the limit");
      return;
    }
    fences
        .put(fence)
        .onSuccess(
            v -> {
              log.info(
                  "admin API: geofence {} ({}) made, asked by {}",
                  fence.id(),
                  fence.name(),
                  ctx.request().remoteAddress());
              ctx.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .end(GeofenceJson.toJson(fence).encode());
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void list(RoutingContext ctx) {
    JsonArray listed = new JsonArray();
    store.get().directory().snapshot().forEach(fence -> listed.add(GeofenceJson.toJson(fence)));
    ctx.json(new JsonObject().put("count", listed.size()).put("geofences", listed));
  }

  private void show(RoutingContext ctx) {
    Geofence fence = existing(ctx);
    if (fence != null) {
      ctx.json(GeofenceJson.toJson(fence));
    }
  }

  private void replace(RoutingContext ctx) {
    Geofence old = existing(ctx);
    if (old == null) {
      return;
    }
    Geofence fence;
    try {
      long now = Math.max(System.currentTimeMillis(), old.updatedAt() + 1);
      fence = GeofenceJson.parse(body(ctx), old.id(), old.createdAt(), now, limits);
    } catch (InvalidGeofenceException | DecodeException e) {
      AdminError.send(ctx, 400, "bad_request", e.getMessage() + "; " + EXAMPLE);
      return;
    }
    store
        .get()
        .put(fence)
        .onSuccess(
            v -> {
              log.info(
                  "admin API: geofence {} ({}) changed, asked by {}",
                  fence.id(),
                  fence.name(),
                  ctx.request().remoteAddress());
              ctx.json(GeofenceJson.toJson(fence));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  private void delete(RoutingContext ctx) {
    Geofence fence = existing(ctx);
    if (fence == null) {
      return;
    }
    store
        .get()
        .delete(fence.id())
        .onSuccess(
            v -> {
              log.info(
                  "admin API: geofence {} ({}) deleted, asked by {}",
                  fence.id(),
                  fence.name(),
                  ctx.request().remoteAddress());
              ctx.json(GeofenceJson.toJson(fence));
            })
        .onFailure(e -> unavailable(ctx, e));
  }

  /** The fence of the path, or null once the request was answered 404. */
  private Geofence existing(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Geofence fence = Geofence.isId(id) ? store.get().directory().get(id) : null;
    if (fence == null) {
      String path = ctx.request().path();
      AdminError.send(
          ctx,
          404,
          NOT_FOUND,
          "no geofence '"
              + (id.length() <= 40 ? id : id.substring(0, 40) + "...")
              + "'; GET "
              + path.substring(0, path.lastIndexOf('/'))
              + " lists them");
    }
    return fence;
  }

  private static JsonObject body(RoutingContext ctx) throws InvalidGeofenceException {
    if (ctx.body().isEmpty()) {
      throw new InvalidGeofenceException("the request has no body");
    }
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new InvalidGeofenceException("the body must be a JSON object");
      }
      return body;
    } catch (ClassCastException e) {
      throw new InvalidGeofenceException("the body must be a JSON object");
    }
  }

  private static String newId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "gf-" + HexFormat.of().formatHex(bytes);
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    AdminError.send(
        ctx,
        503,
        ErrorCode.KAFKA_UNAVAILABLE.code(),
        "the geofence was not stored: " + e.getMessage() + "; retry later");
  }
}
