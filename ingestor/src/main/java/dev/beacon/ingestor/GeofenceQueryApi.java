package dev.beacon.ingestor;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceEventCodec;
import dev.beacon.common.geofence.GeofenceJson;
import dev.beacon.ingestor.geofence.GeofenceEventLog;
import dev.beacon.ingestor.geofence.StoredEvent;
import dev.beacon.runtime.auth.ReadGrants;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The geofence routes of the read API, behind the same {@link ReadAuthorization} as positions:
 *
 * <ul>
 *   <li>{@code GET /api/geofences}: every fence the ingestor judges fixes against
 *   <li>{@code GET /api/geofences/:id}: one fence, 404 {@code unknown_geofence}
 *   <li>{@code GET /api/geofence-events?device=&from=&to=&limit=&after=}: enter and exit events in
 *       the order they were stored, of one device or of every device the credential may read;
 *       {@code from}/{@code to} bound the fix's device timestamp (epoch ms or ISO-8601), {@code
 *       after} is the {@code next_after} of the previous page. A device outside the grant answers
 *       403 {@code forbidden_device}.
 * </ul>
 */
final class GeofenceQueryApi {

  private final Vertx vertx;
  private final GeofenceDirectory fences;
  private final GeofenceEventLog events;
  private final PageSize pageSize;

  private GeofenceQueryApi(
      Vertx vertx, GeofenceDirectory fences, GeofenceEventLog events, PageSize pageSize) {
    this.vertx = vertx;
    this.fences = fences;
    this.events = events;
    this.pageSize = pageSize;
  }

  static void mount(
      Router router,
      Vertx vertx,
      ReadAuthorization authorization,
      GeofenceDirectory fences,
      GeofenceEventLog events,
      PageSize pageSize) {
    GeofenceQueryApi api = new GeofenceQueryApi(vertx, fences, events, pageSize);
    router.get("/api/geofences").handler(authorization).handler(api::list);
    router.get("/api/geofences/:id").handler(authorization).handler(api::one);
    router.get("/api/geofence-events").handler(authorization).handler(api::events);
  }

  private void list(RoutingContext ctx) {
    JsonArray listed = new JsonArray();
    fences.snapshot().forEach(fence -> listed.add(GeofenceJson.toJson(fence)));
    ctx.json(new JsonObject().put("count", listed.size()).put("geofences", listed));
  }

  private void one(RoutingContext ctx) {
    Geofence fence = fences.get(ctx.pathParam("id"));
    if (fence == null) {
      error(
          ctx,
          404,
          "unknown_geofence",
          "no geofence '"
              + abbreviate(ctx.pathParam("id"))
              + "'; GET /api/geofences lists them (they are made on a gateway's admin API)");
      return;
    }
    ctx.json(GeofenceJson.toJson(fence));
  }

  private void events(RoutingContext ctx) {
    String device = ctx.queryParams().get("device");
    ReadGrants grants = ReadAuthorization.grants(ctx);
    if (device != null && !grants.allows(device)) {
      error(
          ctx,
          403,
          "forbidden_device",
          "this credential may not read device '"
              + abbreviate(device)
              + "'; use a token whose 'read' claim lists it (or the read token)");
      return;
    }
    PositionQuery range;
    long after;
    try {
      range =
          PositionQuery.parse(
              "",
              ctx.queryParams().get("from"),
              ctx.queryParams().get("to"),
              ctx.queryParams().get("limit"),
              null,
              pageSize);
      after = after(ctx.queryParams().get("after"));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "bad_request", e.getMessage());
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              List<StoredEvent> page =
                  ReadableRows.fetch(
                      range.limit() + 1,
                      grants,
                      stored -> stored.event().deviceId(),
                      StoredEvent::seq,
                      (from, count) ->
                          events.events(device, range.fromMs(), range.toMs(), from, count),
                      after);
              return body(page, range.limit());
            },
            false)
        .onSuccess(body -> ctx.json(body))
        .onFailure(
            e ->
                error(
                    ctx,
                    500,
                    "store_unavailable",
                    "the GPS store could not answer: " + e.getMessage()));
  }

  private static JsonObject body(List<StoredEvent> fetched, int limit) {
    List<StoredEvent> rows = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    JsonArray listed = new JsonArray();
    rows.forEach(stored -> listed.add(GeofenceEventCodec.toJson(stored.event())));
    JsonObject body = new JsonObject().put("count", listed.size()).put("events", listed);
    if (fetched.size() > limit) {
      body.put("next_after", rows.get(rows.size() - 1).seq());
    }
    return body;
  }

  private static long after(String value) {
    if (value == null) {
      return 0;
    }
    try {
      long after = Long.parseLong(value.trim());
      if (after < 0) {
        throw new NumberFormatException();
      }
      return after;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'after' must be the next_after number of the previous page, got '"
              + abbreviate(value)
              + "'");
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", code).put("message", message));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
