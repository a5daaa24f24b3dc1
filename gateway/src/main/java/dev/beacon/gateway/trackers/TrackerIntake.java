package dev.beacon.gateway.trackers;

import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsFixValidator;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.gps.JsonFixDecoder;
import dev.beacon.common.gps.OsmAndFixDecoder;
import dev.beacon.common.gps.OwnTracksDecoder;
import dev.beacon.common.gps.TraccarJsonFixDecoder;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.gps.FixPublisher;
import dev.beacon.gateway.metrics.GatewayMetrics;
import dev.beacon.gateway.security.CredentialRefusedException;
import dev.beacon.runtime.devices.DeviceAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's intake of tracker fixes, whatever the protocol: the decoders (every fix checked
 * by one {@link GpsFixValidator}), the identity check, and publication through a {@link
 * FixPublisher}, the path {@code /ws} takes, so success means Kafka holds the fix. Every outcome is
 * counted by listener ({@link TrackerMetrics}). Confined to its event loop; {@link #stop()} when
 * the listener stops.
 */
public final class TrackerIntake {

  private static final Logger log = LoggerFactory.getLogger(TrackerIntake.class);

  private final TrackerParts parts;
  private final FixPublisher publisher;
  private final TrackerMetrics metrics;
  private final OsmAndFixDecoder osmAnd;
  private final TraccarJsonFixDecoder traccarJson;
  private final OwnTracksDecoder ownTracks;
  private final JsonFixDecoder beaconJson;

  private TrackerIntake(TrackerParts parts, FixPublisher publisher) {
    this.parts = parts;
    this.publisher = publisher;
    this.metrics = TrackerMetrics.of(parts.gatewayId());
    GpsFixValidator validator = new GpsFixValidator(parts.limits());
    this.osmAnd = new OsmAndFixDecoder(validator);
    this.traccarJson = new TraccarJsonFixDecoder(validator);
    this.ownTracks = new OwnTracksDecoder(validator);
    this.beaconJson = new JsonFixDecoder(validator);
  }

  /** An intake on the caller's event loop, its publisher's deadline sweep started. */
  public static TrackerIntake start(Vertx vertx, TrackerParts parts) {
    FixPublisher publisher =
        new FixPublisher(
            vertx,
            parts.sink(),
            parts.budget(),
            parts.replyTimeout(),
            GatewayMetrics.of(parts.gatewayId()));
    publisher.start();
    return new TrackerIntake(parts, publisher);
  }

  public void stop() {
    publisher.stop();
  }

  public OsmAndFixDecoder osmAnd() {
    return osmAnd;
  }

  public TraccarJsonFixDecoder traccarJson() {
    return traccarJson;
  }

  public OwnTracksDecoder ownTracks() {
    return ownTracks;
  }

  public TrackerMetrics metrics() {
    return metrics;
  }

  /** The WebSocket's JSON {@code gps} message, for Beacon's own MQTT topic. */
  public JsonFixDecoder beaconJson() {
    return beaconJson;
  }

  /** The devices {@code credential} holds; fails with a counted 401 {@link TrackerRefusal}. */
  public Future<DeviceAccess> identify(String listener, String credential) {
    return parts
        .security()
        .deviceAccess(credential)
        .recover(
            failure ->
                Future.failedFuture(
                    refused(
                        listener,
                        failure instanceof CredentialRefusedException refused
                            ? TrackerRefusal.of(refused)
                            : TrackerRefusal.ofPublication(failure))));
  }

  /**
   * Publishes {@code fix} if {@code access} holds its device: succeeds once Kafka has it, fails
   * with a counted {@link TrackerRefusal} (401/403 for identity, 503 when Kafka did not take it).
   */
  public Future<Void> accept(String listener, GpsFix fix, DeviceAccess access, long receivedAt) {
    String refusal = access.refusal(fix.deviceId());
    if (refusal != null) {
      return Future.failedFuture(
          refused(
              listener,
              new TrackerRefusal(
                  access.identified() ? TrackerRefusal.FORBIDDEN : TrackerRefusal.UNAUTHORIZED,
                  ErrorCode.DEVICE_NOT_PERMITTED.code(),
                  refusal)));
    }
    return publisher
        .publish(fix.receivedBy(parts.gatewayId(), receivedAt))
        .transform(
            published -> {
              if (published.succeeded()) {
                metrics.count(listener, TrackerMetrics.ACCEPTED);
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  refused(listener, TrackerRefusal.ofPublication(published.cause())));
            });
  }

  /** A fix the decoder refused: counted, logged at debug, answered 400. */
  public TrackerRefusal rejected(String listener, InvalidFixException rejected) {
    return refused(listener, TrackerRefusal.of(rejected));
  }

  /** A request that is not a fix at all (no JSON, no parameters): counted, answered 400. */
  public TrackerRefusal badRequest(String listener, ErrorCode code, String message) {
    return refused(listener, TrackerRefusal.badRequest(code, message));
  }

  private TrackerRefusal refused(String listener, TrackerRefusal refusal) {
    metrics.count(listener, refusal.code());
    log.debug("{} fix refused with {}: {}", listener, refusal.status(), refusal.describe());
    return refusal;
  }
}
