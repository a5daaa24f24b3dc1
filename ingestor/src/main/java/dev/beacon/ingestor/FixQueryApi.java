package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import dev.beacon.runtime.metrics.BeaconMetrics;
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
 *   <li>{@code GET /api/devices}: every device with its fix count and latest fix</li>
 *   <li>{@code GET /api/devices/:id/positions?from=&to=&limit=}: one device's fixes, oldest first</li>
 *   <li>{@code GET /api/devices/:id/positions.geojson?from=&to=&limit=}: the same as a GeoJSON FeatureCollection</li>
 *   <li>{@code GET /api/stats}: the ingestor's counters and the stored row count</li>
 *   <li>{@code GET /health} and {@code GET /ready}: {@code {"status":"UP"}}, or 503 once the consumer has died;
 *   {@code /ready} also while SQLite refuses writes (disk full, read-only)</li>
 *   <li>{@code GET /metrics}: the process's Prometheus series ({@code docs/operations.md})</li>
 * </ul>
 *
 * Bad parameters answer 400 and an unknown device 404, both with {@code {"error": "..."}}. Every query runs on
 * a worker thread, never on the event loop.
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
  private volatile HttpServer server;

  /**
   * @param consuming whether the Kafka consumer is still alive, for {@code /health}
   * @param port      0 picks a free port, see {@link #actualPort()}
   */
  public FixQueryApi(SqliteFixStore store, IngestorStats stats, BooleanSupplier consuming, String host, int port) {
    this.store = store;
    this.stats = stats;
    this.consuming = consuming;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
        .requestHandler(router())
        .listen(port, host)
        .onSuccess(listening -> {
          server = listening;
          log.info("GPS read API listening on http://{}:{}/api/devices", host, listening.actualPort());
        });
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
    router.route().handler(ApiCors.anyOrigin());
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(ctx -> BeaconMetrics.respond(ctx.response()));
    router.get("/api/stats").handler(ctx -> respond(ctx, JSON, this::statsBody));
    router.get("/api/devices").handler(ctx -> respond(ctx, JSON, () -> FixJson.devices(store.devices()).toBuffer()));
    router.get("/api/devices/:id/positions").handler(ctx -> positions(ctx, JSON, FixJson::positions));
    router.get("/api/devices/:id/positions.geojson").handler(ctx -> positions(ctx, GEO_JSON, FixJson::geoJson));
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", ctx.request().method() + " "
        + ctx.request().path() + " is not a route of this API; see GET /api/devices"));
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
      ctx.json(new JsonObject().put("status", "DOWN").put("reason", "the Kafka consumer stopped; see the log"));
    }
  }

  /** As {@code /health}, and 503 while the store refuses writes: the fixes wait in Kafka until it takes them. */
  private void ready(RoutingContext ctx) {
    String storeProblem = stats.storeProblem();
    if (storeProblem == null || !consuming.getAsBoolean()) {
      health(ctx);
      return;
    }
    ctx.response().setStatusCode(503);
    ctx.json(new JsonObject().put("status", "DOWN").put("reason", "SQLite refuses writes (" + storeProblem
        + "); offsets are not committed and the fixes wait in Kafka; free disk space or fix the data directory's"
        + " permissions"));
  }

  private interface Renderer {
    JsonObject render(String deviceId, List<GpsFix> fixes);
  }

  private void positions(RoutingContext ctx, String contentType, Renderer renderer) {
    PositionQuery query;
    try {
      query = PositionQuery.parse(ctx.pathParam("id"), ctx.queryParams().get("from"), ctx.queryParams().get("to"),
          ctx.queryParams().get("limit"));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "bad_request", e.getMessage());
      return;
    }
    respond(ctx, contentType, () -> {
      if (store.device(query.deviceId()).isEmpty()) {
        throw new UnknownDevice(query.deviceId());
      }
      List<GpsFix> fixes = store.positions(query.deviceId(), query.fromMs(), query.toMs(), query.limit());
      return renderer.render(query.deviceId(), fixes).toBuffer();
    });
  }

  /** Runs {@code body} (JDBC and JSON encoding) on a worker, unordered so requests do not queue behind each other. */
  private void respond(RoutingContext ctx, String contentType, Callable<Buffer> body) {
    vertx.executeBlocking(body, false).onComplete(result -> {
      if (result.succeeded()) {
        ctx.response().putHeader("content-type", contentType).end(result.result());
      } else if (result.cause() instanceof UnknownDevice unknown) {
        error(ctx, 404, "unknown_device", unknown.getMessage());
      } else {
        log.error("GET {} failed: {}", ctx.request().uri(), result.cause().getMessage(), result.cause());
        error(ctx, 500, "store_unavailable", "the GPS store could not answer: " + result.cause().getMessage());
      }
    });
  }

  /** The error shape of both HTTP APIs (the gateway's admin API too): {@code {"error":"<code>","message":"..."}}. */
  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", code).put("message", message));
  }

  /** A positions request for a device the store has never seen. */
  private static final class UnknownDevice extends RuntimeException {
    UnknownDevice(String deviceId) {
      super("no fixes stored for device '" + deviceId + "'; GET /api/devices lists the known devices", null, false,
          false);
    }
  }
}
