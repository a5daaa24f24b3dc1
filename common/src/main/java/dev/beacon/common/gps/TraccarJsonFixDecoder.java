package dev.beacon.common.gps;

import io.vertx.core.json.JsonObject;

/**
 * Decodes the JSON body Traccar Client 9 posts (its background-geolocation location object):
 *
 * <pre>{@code
 * {"device_id":"32","location":{"timestamp":"2026-12-07T04:11:32.000Z",
 *   "coords":{"latitude":44.81,"longitude":20.46,"speed":3.4,"heading":90,"altitude":120,"accuracy":8},
 *   "is_moving":true,"odometer":1520,"event":"motionchange",
 *   "battery":{"level":0.76,"is_charging":false},"activity":{"type":"walking"}}}
 * }</pre>
 *
 * Speed is already m/s here (unlike the query form's knots); {@code battery.level} is a fraction
 * (stored as percent). {@code is_moving}, {@code odometer}, {@code event}, {@code
 * battery.is_charging} and {@code activity.type} go into {@code attributes}.
 */
public final class TraccarJsonFixDecoder {

  private final GpsFixValidator validator;

  public TraccarJsonFixDecoder(GpsFixValidator validator) {
    this.validator = validator;
  }

  public GpsFix decode(JsonObject body, long nowMillis) throws InvalidFixException {
    Object deviceId = body.getValue("device_id");
    if (!(deviceId instanceof String) && !(deviceId instanceof Number)) {
      throw new InvalidFixException(
          RejectReason.BAD_DEVICE_ID, "'device_id' is missing; set the device identifier");
    }
    JsonObject location = object(body, "location");
    JsonObject coords = object(location, "coords");
    Double lat = TrackerValues.number("location.coords.latitude", coords.getValue("latitude"));
    Double lon = TrackerValues.number("location.coords.longitude", coords.getValue("longitude"));
    if (lat == null || lon == null) {
      throw new InvalidFixException(
          RejectReason.BAD_FORMAT, "'location.coords' needs 'latitude' and 'longitude'");
    }
    Object ts = location.getValue("timestamp");
    long millis = TrackerValues.timestamp("location.timestamp", ts == null ? null : ts.toString());
    return TrackerValues.fix(
        validator, deviceId.toString(), millis, lat, lon, details(location, coords), nowMillis);
  }

  private FixDetails details(JsonObject location, JsonObject coords) throws InvalidFixException {
    FixDetails.Builder details =
        FixDetails.builder()
            .speed(
                nonNegative(
                    TrackerValues.number("location.coords.speed", coords.getValue("speed"))))
            .course(
                nonNegative(
                    TrackerValues.number("location.coords.heading", coords.getValue("heading"))))
            .altitude(TrackerValues.number("location.coords.altitude", coords.getValue("altitude")))
            .accuracy(
                TrackerValues.number("location.coords.accuracy", coords.getValue("accuracy")));
    TrackerAttributes attributes = new TrackerAttributes(validator);
    attributes.put("is_moving", location.getValue("is_moving"));
    attributes.put("odometer", location.getValue("odometer"));
    attributes.put("event", location.getValue("event"));
    if (location.getValue("battery") instanceof JsonObject battery) {
      Double level = TrackerValues.number("location.battery.level", battery.getValue("level"));
      // The plugin reports -1 where the platform does not tell the level.
      details.battery(level == null || level < 0 ? null : level * 100.0);
      attributes.put("charging", battery.getValue("is_charging"));
    }
    if (location.getValue("activity") instanceof JsonObject activity) {
      attributes.put("activity", activity.getValue("type"));
    }
    return details.attributes(attributes.values()).build();
  }

  /** The plugin reports -1 for a speed or heading the platform does not know. */
  private static Double nonNegative(Double value) {
    return value == null || value < 0 ? null : value;
  }

  private static JsonObject object(JsonObject parent, String name) throws InvalidFixException {
    if (parent.getValue(name) instanceof JsonObject child) {
      return child;
    }
    throw new InvalidFixException(
        RejectReason.BAD_FORMAT,
        "'"
            + name
            + "' must be an object (Traccar Client 9 body: {\"device_id\":...,"
            + "\"location\":{\"timestamp\":...,\"coords\":{\"latitude\":...,\"longitude\":...}}})");
  }
}
