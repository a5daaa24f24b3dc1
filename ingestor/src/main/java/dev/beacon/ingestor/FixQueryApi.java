package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.ingestor.geofence.GeofenceEventLog;
import dev.beacon.runtime.auth.ReadGrants;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import dev.beacon.runtime.http.HeaderReadDeadline;
import dev.beacon.runtime.http.HttpTimeouts;
import dev.beacon.runtime.metrics.BeaconMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API over the GPS store, as a verticle whose start completes once the server listens:
 *
 * <ul>
 *   <li>{@code GET /api/devices?limit=&cursor=}: the devices with their fix count and latest fix,
 *       by id
 *   <li>{@code GET /api/devices/:id/positions?from=&to=&limit=&cursor=}: one device's fixes, oldest
 *       first
 *   <li>{@code GET /api/devices/:id/positions.geojson?from=&to=&limit=&cursor=}: the same as a
 *       GeoJSON FeatureCollection
 *   <li>{@code GET /api/devices/:id/track.gpx|track.csv|track.geojson?from=&to=}: every fix of the
 *       range as GPX 1.1, CSV or GeoJSON, streamed in chunks ({@link TrackExport})
 *   <li>{@code GET /api/devices/:id/summary?from=&to=}: first and last fix, count and distance
 *       travelled ({@link TrackSummary})
 *   <li>{@code GET /api/conflicts?device=&limit=&cursor=}: fixes refused because their key was
 *       stored with other coordinates, in the order found
 *   <li>{@code GET /api/stats}: the ingestor's counters and the stored row count
 *   <li>{@code GET /health} and {@code GET /ready}: {@code {"status":"UP"}}, or 503 once the
 *       consumer has died; {@code /ready} also while SQLite refuses writes (disk full, read-only)
 *   <li>{@code GET /metrics}: the process's Prometheus series ({@code docs/operations.md})
 *   <li>{@code GET /api/openapi.yaml}: this API's OpenAPI document ({@link ApiDocument})
 * </ul>
 *
 * The lists come in pages ({@link Page}): a page that is not the last carries {@code next_cursor}
 * (positions) and a {@code Link: <...>; rel="next"} header (all of them). Bad parameters answer 400
 * ({@code bad_request}, or {@code bad_cursor}) and an unknown device 404, all as {@code {"error":
 * "...", "message": "..."}}. Every query runs on a worker thread, never on the event loop.
 *
 * <p>The device, position and conflict routes need a credential ({@link ReadAuthorization}) and
 * show only the devices it may read: a device outside its grant answers 403 ({@code
 * forbidden_device}) whether or not it is stored, so the answer tells the caller what to fix
 * without saying which devices exist. {@code /health}, {@code /ready}, {@code /metrics}, {@code
 * /api/stats} and the OpenAPI document reveal no position and need none. Browsers may read from the
 * configured origins only ({@link ApiCors}).
 */
public final class FixQueryApi extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(FixQueryApi.class);
  static final String JSON = "application/json";
  static final String GEO_JSON = "application/geo+json";

  private final SqliteFixStore store;
  private final IngestorStats stats;
  private final BooleanSupplier consuming;
  private final String host;
  private final int port;
  private final PageSize pageSize;
  private final ReadAccessConfig access;
  private final HttpTimeouts timeouts;
  private final GeofenceReads geofences;
  private volatile HttpServer server;

  /**
   * What the geofence routes read ({@link GeofenceQueryApi}); absent, they are not mounted.
   *
   * @param fences the fences the ingestor judges against
   * @param events the stored events
   */
  public record GeofenceReads(GeofenceDirectory fences, GeofenceEventLog events) {}

  /**
   * @param consuming whether the Kafka consumer is still alive, for {@code /health}
   * @param config the API's host and port (0 picks a free port, see {@link #actualPort()}), largest
   *     page, read access and timeouts
   */
  public FixQueryApi(
      SqliteFixStore store, IngestorStats stats, BooleanSupplier consuming, IngestorConfig config) {
    this(store, stats, consuming, config, null);
  }

  /** As above, with the geofence routes over {@code geofences}. */
  public FixQueryApi(
      SqliteFixStore store,
      IngestorStats stats,
      BooleanSupplier consuming,
      IngestorConfig config,
      GeofenceReads geofences) {
    this.geofences = geofences;
    this.store = store;
    this.stats = stats;
    this.consuming = consuming;
    this.host = config.apiHost();
    this.port = config.apiPort();
    this.pageSize = PageSize.upTo(config.maxPageSize());
    this.access = config.access();
    this.timeouts = config.timeouts();
  }

  @Override
  public Future<?> start() {
    return HeaderReadDeadline.onEveryConnection(
            vertx.createHttpServer(timeouts.applyTo(new HttpServerOptions())),
            timeouts.headerRead(),
            () ->
                log.debug(
                    "closed a read API connection: no complete request head within {} ms"
                        + " (BEACON_INGESTOR_HEADER_TIMEOUT)",
                    timeouts.headerRead().toMillis()))
        .requestHandler(router())
        .listen(port, host)
        .onSuccess(
            listening -> {
              server = listening;
              log.info(
                  "GPS read API listening on http://{}:{}/api/devices ({})",
                  host,
                  listening.actualPort(),
                  describeAccess());
            });
  }

  private String describeAccess() {
    String origins =
        "; cross-origin pages: "
            + (access.allowedOrigins().isEmpty() ? "none" : access.allowedOrigins());
    if (access.mode() == ReadAccessConfig.Mode.OPEN) {
      return "OPEN: anyone who reaches this port reads every device" + origins;
    }
    if (!access.hasCredential()) {
      return "no read credential configured: every read answers 401" + origins;
    }
    List<String> credentials = new java.util.ArrayList<>();
    if (access.readToken() != null) {
      credentials.add("the read token");
    }
    if (access.jwt().enabled()) {
      credentials.add("a JWT with a read claim");
    }
    return "reads need " + String.join(" or ", credentials) + origins;
  }

  /** The port the server is bound to; meaningful once the verticle is deployed. */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("the GPS read API is not listening yet; deploy it first");
    }
    return server.actualPort();
  }

  Router router() {
    Router router = Router.router(vertx);
    router.route().handler(new ApiCors(access.allowedOrigins()));
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(ctx -> BeaconMetrics.respond(ctx.response()));
    router.get("/api/stats").handler(ctx -> respond(ctx, JSON, () -> new Reply(statsBody(), null)));
    ReadAuthorization authorization = new ReadAuthorization(access);
    router.get("/api/devices").handler(authorization);
    router.get("/api/devices/*").handler(authorization);
    router.get("/api/conflicts").handler(authorization);
    router.get("/api/devices").handler(this::devices);
    router.get("/api/conflicts").handler(this::conflicts);
    router
        .get("/api/devices/:id/positions")
        .handler(ctx -> positions(ctx, JSON, FixJson::positions));
    router
        .get("/api/devices/:id/positions.geojson")
        .handler(ctx -> positions(ctx, GEO_JSON, FixJson::geoJson));
    for (TrackFormat format : TrackFormat.values()) {
      router.get("/api/devices/:id/track." + format.extension()).handler(ctx -> track(ctx, format));
    }
    router.get("/api/devices/:id/summary").handler(this::summary);
    if (geofences != null) {
      GeofenceQueryApi.mount(
          router, vertx, authorization, geofences.fences(), geofences.events(), pageSize);
    }
    ApiDocument.mount(router);
    router
        .route()
        .last()
        .handler(
            ctx ->
                error(
                    ctx,
                    404,
                    "not_found",
                    ctx.request().method()
                        + " "
                        + ctx.request().path()
                        + " is not a route of this API; GET /api/openapi.yaml describes every route"));
    return router;
  }

  private Buffer statsBody() {
    return stats.toJson().put("rows", store.count()).toBuffer();
  }

  private void health(RoutingContext ctx) {
    if (consuming.getAsBoolean()) {
      ctx.json(new JsonObject().put("status", "UP"));
    } else {
      ctx.response().setStatusCode(503);
      ctx.json(
          new JsonObject()
              .put("status", "DOWN")
              .put("reason", "the Kafka consumer stopped; see the log"));
    }
  }

  /**
   * As {@code /health}, and 503 while the store refuses writes: the fixes wait in Kafka until it
   * takes them.
   */
  private void ready(RoutingContext ctx) {
    String storeProblem = stats.storeProblem();
    if (storeProblem == null || !consuming.getAsBoolean()) {
      health(ctx);
      return;
    }
    ctx.response().setStatusCode(503);
    ctx.json(
        new JsonObject()
            .put("status", "DOWN")
            .put(
                "reason",
                "SQLite refuses writes ("
                    + storeProblem
                    + "); offsets are not committed and the fixes wait in Kafka; free disk space or fix the data directory's"
                    + " permissions"));
  }

  private interface Renderer {
    JsonObject render(String deviceId, List<GpsFix> fixes, String nextCursor);
  }

  /**
   * A body and where the next page starts (null when there is none, or the answer is not a list).
   */
  private record Reply(Buffer body, String nextLink) {}

  private void devices(RoutingContext ctx) {
    int limit;
    String after;
    try {
      limit = pageSize.parse(ctx.queryParams().get("limit"));
      String cursor = ctx.queryParams().get("cursor");
      after = cursor == null ? "" : PageCursor.decode(cursor, PageCursor.DEVICES, "").key();
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e);
      return;
    }
    ReadGrants grants = ReadAuthorization.grants(ctx);
    respond(
        ctx,
        JSON,
        () -> {
          List<DeviceSummary> readable =
              ReadableRows.fetch(
                  limit + 1,
                  grants,
                  DeviceSummary::deviceId,
                  DeviceSummary::deviceId,
                  (from, count) -> store.devices(from, count),
                  after);
          Page<DeviceSummary> page =
              Page.of(readable, limit, device -> PageCursor.afterDevice(device.deviceId()));
          return new Reply(FixJson.devices(page.rows()).toBuffer(), nextLink(ctx, page));
        });
  }

  private void conflicts(RoutingContext ctx) {
    String device = ctx.queryParams().get("device");
    ReadGrants grants = ReadAuthorization.grants(ctx);
    if (device != null && !grants.allows(device)) {
      forbidden(ctx, device);
      return;
    }
    int limit;
    long after;
    try {
      limit = pageSize.parse(ctx.queryParams().get("limit"));
      String cursor = ctx.queryParams().get("cursor");
      after =
          cursor == null
              ? 0
              : PageCursor.decode(cursor, PageCursor.CONFLICTS, device == null ? "" : device)
                  .keyAsId();
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e);
      return;
    }
    respond(
        ctx,
        JSON,
        () -> {
          List<FixConflict> readable =
              ReadableRows.fetch(
                  limit + 1,
                  grants,
                  FixConflict::deviceId,
                  FixConflict::id,
                  (from, count) -> store.conflicts(device, from, count),
                  after);
          Page<FixConflict> page =
              Page.of(readable, limit, conflict -> PageCursor.afterConflict(device, conflict.id()));
          return new Reply(
              FixJson.conflicts(page.rows(), page.nextCursor()).toBuffer(), nextLink(ctx, page));
        });
  }

  private static void forbidden(RoutingContext ctx, String deviceId) {
    error(
        ctx,
        403,
        "forbidden_device",
        "this credential may not read device '"
            + deviceId
            + "'; use a token whose"
            + " 'read' claim lists it (or the read token), or GET /api/devices for the devices you may read");
  }

  private void positions(RoutingContext ctx, String contentType, Renderer renderer) {
    if (!ReadAuthorization.grants(ctx).allows(ctx.pathParam("id"))) {
      forbidden(ctx, ctx.pathParam("id"));
      return;
    }
    PositionQuery query;
    try {
      query =
          PositionQuery.parse(
              ctx.pathParam("id"),
              ctx.queryParams().get("from"),
              ctx.queryParams().get("to"),
              ctx.queryParams().get("limit"),
              ctx.queryParams().get("cursor"),
              pageSize);
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e);
      return;
    }
    respond(
        ctx,
        contentType,
        () -> {
          if (store.device(query.deviceId()).isEmpty()) {
            throw new UnknownDevice(query.deviceId());
          }
          List<GpsFix> fetched =
              store.positions(query.deviceId(), query.fromMs(), query.toMs(), query.limit() + 1);
          Page<GpsFix> page =
              Page.of(
                  fetched,
                  query.limit(),
                  fix -> PageCursor.afterPosition(query.deviceId(), fix.deviceTs()));
          return new Reply(
              renderer.render(query.deviceId(), page.rows(), page.nextCursor()).toBuffer(),
              nextLink(ctx, page));
        });
  }

  /**
   * The range of an export or summary ({@code from}, {@code to}; no paging), or null when the
   * request was answered with an error.
   */
  private PositionQuery range(RoutingContext ctx) {
    String deviceId = ctx.pathParam("id");
    if (!ReadAuthorization.grants(ctx).allows(deviceId)) {
      forbidden(ctx, deviceId);
      return null;
    }
    try {
      return PositionQuery.parse(
          deviceId, ctx.queryParams().get("from"), ctx.queryParams().get("to"), null);
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e);
      return null;
    }
  }

  private void track(RoutingContext ctx, TrackFormat format) {
    PositionQuery range = range(ctx);
    if (range == null) {
      return;
    }
    vertx
        .executeBlocking(() -> store.device(range.deviceId()).isPresent(), false)
        .onComplete(
            known -> {
              if (known.failed()) {
                error(
                    ctx,
                    500,
                    "store_unavailable",
                    "the GPS store could not answer: " + known.cause().getMessage());
              } else if (!known.result()) {
                error(ctx, 404, "unknown_device", new UnknownDevice(range.deviceId()).getMessage());
              } else {
                TrackExport.stream(vertx, store, format, range, ctx.response());
              }
            });
  }

  private void summary(RoutingContext ctx) {
    PositionQuery range = range(ctx);
    if (range == null) {
      return;
    }
    respond(
        ctx,
        JSON,
        () -> {
          if (store.device(range.deviceId()).isEmpty()) {
            throw new UnknownDevice(range.deviceId());
          }
          return new Reply(TrackSummary.of(store, range).toJson().toBuffer(), null);
        });
  }

  private static String nextLink(RoutingContext ctx, Page<?> page) {
    return page.nextLink(ctx.request().path(), ctx.queryParams());
  }

  private static void badRequest(RoutingContext ctx, IllegalArgumentException e) {
    error(
        ctx, 400, e instanceof PageCursor.BadCursor ? "bad_cursor" : "bad_request", e.getMessage());
  }

  /**
   * Runs {@code body} (JDBC and JSON encoding) on a worker, unordered so requests do not queue
   * behind each other.
   */
  private void respond(RoutingContext ctx, String contentType, Callable<Reply> body) {
    vertx
        .executeBlocking(body, false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                if (result.result().nextLink() != null) {
                  ctx.response().putHeader("Link", result.result().nextLink());
                }
                ctx.response().putHeader("content-type", contentType).end(result.result().body());
              } else if (result.cause() instanceof UnknownDevice unknown) {
                error(ctx, 404, "unknown_device", unknown.getMessage());
              } else {
                log.error(
                    "GET {} failed: {}",
                    ctx.request().uri(),
                    result.cause().getMessage(),
                    result.cause());
                error(
                    ctx,
                    500,
                    "store_unavailable",
                    "the GPS store could not answer: " + result.cause().getMessage());
              }
            });
  }

  /**
   * The error shape of both HTTP APIs (the gateway's admin API too): {@code
   * {"error":"<code>","message":"..."}}.
   */
  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", code).put("message", message));
  }

  /** A positions request for a device the store has never seen. */
  private static final class UnknownDevice extends RuntimeException {
    UnknownDevice(String deviceId) {
      super(
          "no fixes stored for device '" + deviceId + "'; GET /api/devices lists the known devices",
          null,
          false,
          false);
    }
  }
}
