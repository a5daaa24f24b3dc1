package dev.beacon.gateway;

import dev.beacon.gateway.mqtt.MqttVerticle;
import dev.beacon.gateway.trackers.TrackerConfig;
import dev.beacon.gateway.trackers.TrackerHttpVerticle;
import dev.beacon.gateway.trackers.TrackerParts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker listeners of a gateway ({@link TrackerConfig}: the HTTP port for OsmAnd, Traccar
 * Client and OwnTracks, and MQTT), deployed beside its WebSocket verticles over the same parts, one
 * instance per event loop as they are, on ports {@link Gateway#deploy} resolved.
 */
final class TrackerListeners {

  private static final Logger log = LoggerFactory.getLogger(TrackerListeners.class);

  private final Vertx vertx;
  private final TrackerConfig config;
  private final List<String> deployments;

  private TrackerListeners(Vertx vertx, TrackerConfig config, List<String> deployments) {
    this.vertx = vertx;
    this.config = config;
    this.deployments = deployments;
  }

  static Future<TrackerListeners> deploy(Vertx vertx, GatewayConfig gateway, GatewayParts parts) {
    TrackerConfig config = gateway.trackers();
    TrackerParts shared =
        new TrackerParts(
            config,
            gateway.host(),
            gateway.gatewayId(),
            gateway.limits(),
            parts.backend().fixes(),
            parts.budget(),
            parts.backend().replyTimeout(),
            parts.security(),
            gateway.bounds().http());
    DeploymentOptions options = new DeploymentOptions().setInstances(gateway.instances());
    List<String> deployed = new ArrayList<>();
    Future<Void> http =
        config.httpEnabled()
            ? vertx
                .deployVerticle(() -> new TrackerHttpVerticle(shared), options)
                .map(
                    id ->
                        record(
                            deployed,
                            id,
                            "tracker HTTP (OsmAnd, Traccar Client, OwnTracks)",
                            gateway.host(),
                            config.httpPort()))
            : Future.succeededFuture();
    return http.compose(
            v ->
                config.mqttEnabled()
                    ? vertx
                        .deployVerticle(() -> new MqttVerticle(shared), options)
                        .map(id -> record(deployed, id, "MQTT", gateway.host(), config.mqttPort()))
                    : Future.<Void>succeededFuture())
        .map(v -> new TrackerListeners(vertx, config, deployed))
        .recover(
            failure ->
                new TrackerListeners(vertx, config, deployed)
                    .close()
                    .transform(ignored -> Future.failedFuture(failure)));
  }

  private static Void record(List<String> deployed, String id, String what, String host, int port) {
    deployed.add(id);
    log.info("{} listening on {}:{}", what, host, port);
    return null;
  }

  /** The settings the listeners run with, their ports resolved. */
  TrackerConfig config() {
    return config;
  }

  Future<Void> close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    deployments.forEach(id -> undeployed.add(vertx.undeploy(id)));
    return Future.join(undeployed).mapEmpty();
  }
}
