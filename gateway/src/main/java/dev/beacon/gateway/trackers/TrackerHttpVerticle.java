package dev.beacon.gateway.trackers;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.gps.OwnTracksDecoder;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.runtime.http.HeaderReadDeadline;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tracker HTTP port ({@code BEACON_TRACKER_HTTP_PORT}, 5055 as Traccar's OsmAnd port):
 *
 * <ul>
 *   <li>{@code /owntracks} (and {@code /pub}, the OwnTracks Recorder's path): OwnTracks' HTTP mode,
 *       a JSON message per POST, answered 200 with the JSON array {@code []} (no commands back);
 *       the device is {@code X-Limit-U}.{@code X-Limit-D} (or the message's {@code topic});
 *   <li>every other path: the OsmAnd protocol, {@code GET} or {@code POST} with the parameters in
 *       the query or a form body; or Traccar Client 9's JSON body (a {@code POST} whose
 *       Content-Type is JSON), answered 200 with no body.
 * </ul>
 *
 * Either way 200 comes only once Kafka holds the fix; a bad fix gets 400, a refused credential 401,
 * a device the credential does not hold 403, Kafka down or busy 503, each with the body {@code
 * <error code>: <what to do>}; a body above {@code BEACON_TRACKER_MAX_BODY_BYTES} gets 413.
 */
public final class TrackerHttpVerticle extends VerticleBase {

  static final String OSMAND = "osmand";
  static final String TRACCAR_JSON = "traccar_json";
  static final String OWNTRACKS = "owntracks_http";

  private final TrackerParts parts;
  private TrackerIntake intake;
  private HttpServer server;
  private Runnable headerTimeouts;

  public TrackerHttpVerticle(TrackerParts parts) {
    this.parts = parts;
  }

  @Override
  public Future<?> start() {
    intake = TrackerIntake.start(vertx, parts);
    headerTimeouts = HeaderReadDeadline.countedAs("tracker");
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(parts.config().maxBodyBytes())
                .setHandleFileUploads(false));
    router.post("/owntracks").handler(this::ownTracks);
    router.post("/pub").handler(this::ownTracks);
    router.route().method(HttpMethod.GET).method(HttpMethod.POST).handler(this::osmAnd);
    server =
        vertx
            .createHttpServer(
                parts.security().applyTo(parts.http().applyTo(new HttpServerOptions())))
            .connectionHandler(this::admit)
            .requestHandler(router);
    return server.listen(parts.config().httpPort(), parts.host());
  }

  @Override
  public Future<?> stop() {
    return server
        .shutdown(parts.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(
            () -> {
              intake.stop();
              return Future.succeededFuture();
            });
  }

  /**
   * As on the gateway's port: a slot of the address's connection limit ({@code
   * BEACON_MAX_CONNECTIONS_PER_IP}) held until the socket closes, and the header-read deadline.
   */
  private void admit(HttpConnection connection) {
    SocketAddress peer = connection.remoteAddress();
    if (!parts.security().acceptConnection(peer)) {
      connection.close();
      return;
    }
    connection.closeHandler(v -> parts.security().connectionClosed(peer));
    HeaderReadDeadline.install(connection, parts.http().headerRead(), headerTimeouts);
  }

  private void osmAnd(RoutingContext ctx) {
    long receivedAt = System.currentTimeMillis();
    Map<String, List<String>> parameters = new QueryStringDecoder(ctx.request().uri()).parameters();
    String contentType = ctx.request().getHeader("Content-Type");
    boolean json = contentType != null && contentType.toLowerCase().contains("json");
    if (ctx.request().method() == HttpMethod.POST && json) {
      traccarJson(ctx, parameters, receivedAt);
      return;
    }
    if (parameters.isEmpty() && ctx.body().length() > 0) {
      // A form body, as Traccar reads it when the query is empty.
      parameters =
          new QueryStringDecoder(ctx.body().asString(), StandardCharsets.UTF_8, false).parameters();
    }
    GpsFix fix;
    try {
      fix = intake.osmAnd().decode(parameters, receivedAt);
    } catch (InvalidFixException e) {
      refuse(ctx, intake.rejected(OSMAND, e));
      return;
    }
    publish(
        ctx,
        OSMAND,
        fix,
        TrackerCredentials.of(ctx.request().headers(), parameters),
        receivedAt,
        null);
  }

  private void traccarJson(RoutingContext ctx, Map<String, List<String>> query, long receivedAt) {
    GpsFix fix;
    try {
      fix = intake.traccarJson().decode(jsonBody(ctx, TRACCAR_JSON), receivedAt);
    } catch (InvalidFixException e) {
      refuse(ctx, intake.rejected(TRACCAR_JSON, e));
      return;
    } catch (TrackerRefusal refusal) {
      refuse(ctx, refusal);
      return;
    }
    publish(
        ctx,
        TRACCAR_JSON,
        fix,
        TrackerCredentials.of(ctx.request().headers(), query),
        receivedAt,
        null);
  }

  private void ownTracks(RoutingContext ctx) {
    long receivedAt = System.currentTimeMillis();
    OwnTracksDecoder.Message message;
    try {
      JsonObject body = jsonBody(ctx, OWNTRACKS);
      String deviceId =
          OwnTracksDecoder.deviceId(
              ctx.request().getHeader("X-Limit-U"), ctx.request().getHeader("X-Limit-D"));
      if (deviceId == null && body.getValue("topic") instanceof String topic) {
        deviceId = OwnTracksDecoder.deviceIdOfTopic(topic);
      }
      message = intake.ownTracks().decode(body, deviceId, receivedAt);
    } catch (InvalidFixException e) {
      refuse(ctx, intake.rejected(OWNTRACKS, e));
      return;
    } catch (TrackerRefusal refusal) {
      refuse(ctx, refusal);
      return;
    }
    if (message.fix() == null) {
      // Not a position (transition, waypoint, card...): acknowledged and not stored.
      ctx.response().putHeader("Content-Type", "application/json").end("[]");
      return;
    }
    Map<String, List<String>> query = new QueryStringDecoder(ctx.request().uri()).parameters();
    publish(
        ctx,
        OWNTRACKS,
        message.fix(),
        TrackerCredentials.of(ctx.request().headers(), query),
        receivedAt,
        "[]");
  }

  private JsonObject jsonBody(RoutingContext ctx, String listener) {
    try {
      Object parsed = ctx.body().length() == 0 ? null : Json.decodeValue(ctx.body().buffer());
      if (parsed instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below
    }
    throw intake.badRequest(listener, ErrorCode.INVALID_JSON, "the body must be one JSON object");
  }

  /** Identity, then publication; {@code okBody} null for an empty 200. */
  private void publish(
      RoutingContext ctx,
      String listener,
      GpsFix fix,
      String credential,
      long receivedAt,
      String okBody) {
    intake
        .identify(listener, credential)
        .compose(access -> intake.accept(listener, fix, access, receivedAt))
        .onComplete(
            published -> {
              if (published.succeeded()) {
                if (okBody == null) {
                  ctx.response().end();
                } else {
                  ctx.response().putHeader("Content-Type", "application/json").end(okBody);
                }
              } else {
                refuse(ctx, TrackerRefusal.ofPublication(published.cause()));
              }
            });
  }

  private static void refuse(RoutingContext ctx, TrackerRefusal refusal) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(refusal.status())
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(refusal.describe() + "\n");
  }
}
