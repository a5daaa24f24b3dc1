package dev.beacon.gateway.gps;

import dev.beacon.common.gps.CsvFixParser;
import dev.beacon.common.gps.GpsFix;
import dev.beacon.common.gps.GpsFixValidator;
import dev.beacon.common.gps.GpsLimits;
import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.gps.JsonFixDecoder;
import dev.beacon.common.gps.RejectReason;
import dev.beacon.gateway.dispatch.GatewayError;
import dev.beacon.gateway.dispatch.JsonMessage;
import dev.beacon.gateway.metrics.GatewayMetrics;
import dev.beacon.gateway.security.DeviceIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts GPS fixes in both encodings: the simulator's CSV line, answered {@code OK} or {@code ERR
 * <code>: <message>}, and the JSON {@code gps} message, answered {@code ack} or {@code error}.
 * Either way the positive answer comes only after the sink has the fix, and a rejected frame writes
 * nothing.
 *
 * <p>A valid fix for a device the connection does not hold ({@link DeviceIdentity}) is refused with
 * {@code device_not_permitted}, counted, and never handed to the sink.
 */
public final class GpsIntake {

  public static final String OK = "OK";

  private static final Logger log = LoggerFactory.getLogger(GpsIntake.class);

  private final CsvFixParser csv;
  private final JsonFixDecoder json;
  private final int maxMessageLength;
  private final String gatewayId;
  private final FixPublisher publisher;
  private final GatewayMetrics metrics;

  public GpsIntake(
      GpsLimits limits, String gatewayId, FixPublisher publisher, GatewayMetrics metrics) {
    this.metrics = metrics;
    GpsFixValidator validator = new GpsFixValidator(limits);
    this.csv = new CsvFixParser(validator);
    this.json = new JsonFixDecoder(validator);
    this.maxMessageLength = limits.maxJsonFixLength();
    this.gatewayId = gatewayId;
    this.publisher = publisher;
  }

  /**
   * The reply to one CSV line from a connection that may write {@code devices}; the future always
   * succeeds.
   */
  public Future<String> csvLine(String line, long receivedAt, DeviceIdentity devices) {
    GpsFix fix;
    try {
      fix = csv.parse(line, receivedAt);
    } catch (InvalidFixException e) {
      return Future.succeededFuture(err(rejected(GatewayError.of(e))));
    }
    GatewayError refused = refusal(fix, devices);
    if (refused != null) {
      return Future.succeededFuture(err(refused));
    }
    return publish(fix, receivedAt)
        .map(v -> OK)
        .otherwise(
            failure ->
                err(failure instanceof GatewayError error ? error : GatewayError.internal()));
  }

  /**
   * Handles {@code {"type":"gps",...}}; fails with a {@link GatewayError} when the fix is not
   * taken.
   */
  public Future<JsonObject> gpsMessage(JsonMessage message) {
    GpsFix fix;
    try {
      fix = json.decode(checkLength(message), message.receivedAt());
    } catch (InvalidFixException e) {
      return Future.failedFuture(rejected(GatewayError.of(e)));
    }
    GatewayError refused = refusal(fix, message.devices());
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    return publish(fix, message.receivedAt()).map(v -> message.reply("ack"));
  }

  private JsonObject checkLength(JsonMessage message) throws InvalidFixException {
    if (message.frameLength() > maxMessageLength) {
      throw new InvalidFixException(
          RejectReason.LINE_TOO_LONG,
          "gps message of "
              + message.frameLength()
              + " characters exceeds the limit of "
              + maxMessageLength);
    }
    return message.body();
  }

  /**
   * A valid fix for a device the connection does not hold: {@code device_not_permitted}, counted;
   * else null.
   */
  private GatewayError refusal(GpsFix fix, DeviceIdentity devices) {
    String refusal = devices.refusal(fix.deviceId());
    if (refusal == null) {
      return null;
    }
    metrics.fixRefusedDevice();
    log.debug("fix for device {} refused: {}", fix.deviceId(), refusal);
    return GatewayError.deviceNotPermitted(refusal);
  }

  private Future<Void> publish(GpsFix fix, long receivedAt) {
    return publisher
        .publish(fix.receivedBy(gatewayId, receivedAt))
        .onFailure(
            failure ->
                log.debug(
                    "fix from device {} not stored: {}", fix.deviceId(), failure.getMessage()));
  }

  private static String err(GatewayError error) {
    return "ERR " + error.describe();
  }

  private static GatewayError rejected(GatewayError error) {
    log.debug("fix rejected: {}", error.describe());
    return error;
  }
}
