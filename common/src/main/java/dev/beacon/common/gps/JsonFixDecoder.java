package dev.beacon.common.gps;

import io.vertx.core.json.JsonObject;

/**
 * Decodes the fields of a JSON {@code gps} message: {@code
 * {"type":"gps","id":"m1","device_id":"32","ts":1681593747,"lat":44.81,"lon":20.46}}. {@code ts} is
 * epoch seconds or milliseconds, as in the CSV line.
 *
 * <p>The details are optional fields beside the position, absent or {@code null} when the device
 * does not know them: {@code "speed"} (m/s), {@code "course"} (degrees), {@code "altitude"} (m),
 * {@code "accuracy"} (m), {@code "battery"} (%) and {@code "attributes"}, an object of strings,
 * numbers and booleans.
 */
public final class JsonFixDecoder {

  private final GpsFixValidator validator;

  public JsonFixDecoder(GpsFixValidator validator) {
    this.validator = validator;
  }

  public GpsFix decode(JsonObject message, long nowMillis) throws InvalidFixException {
    String deviceId = stringField(message, "device_id");
    long ts = longField(message, "ts");
    double lat = validator.latitude(numberField(message, "lat").doubleValue());
    double lon = validator.longitude(numberField(message, "lon").doubleValue());
    return GpsFix.of(
        validator.deviceId(deviceId),
        validator.timestampMillis(ts, nowMillis),
        lat,
        lon,
        validator.details(details(message)));
  }

  /** The details of {@code message}, not yet checked against their ranges. */
  static FixDetails details(JsonObject message) throws InvalidFixException {
    FixDetails.Builder details =
        FixDetails.builder()
            .speed(optionalNumber(message, "speed"))
            .course(optionalNumber(message, "course"))
            .altitude(optionalNumber(message, "altitude"))
            .accuracy(optionalNumber(message, "accuracy"))
            .battery(optionalNumber(message, "battery"));
    Object attributes = message.getValue("attributes");
    if (attributes instanceof JsonObject object) {
      details.attributes(FixAttributes.normalise(object.getMap()));
    } else if (attributes != null) {
      throw new InvalidFixException(
          RejectReason.BAD_ATTRIBUTE,
          "field 'attributes' must be an object of strings, numbers and booleans, got "
              + describe(attributes));
    }
    return details.build();
  }

  private static Double optionalNumber(JsonObject message, String name) throws InvalidFixException {
    Object value = message.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidFixException(
        RejectReason.BAD_NUMBER,
        "field '" + name + "' must be a number or left out, got " + describe(value));
  }

  private static String stringField(JsonObject message, String name) throws InvalidFixException {
    Object value = message.getValue(name);
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    throw missing(name, "a string", value);
  }

  private static long longField(JsonObject message, String name) throws InvalidFixException {
    Object value = message.getValue(name);
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value == null) {
      throw missing(name, "whole epoch seconds or epoch milliseconds", null);
    }
    throw new InvalidFixException(
        RejectReason.BAD_TIMESTAMP,
        "field '"
            + name
            + "' must be whole epoch seconds or epoch milliseconds, got "
            + describe(value));
  }

  private static Number numberField(JsonObject message, String name) throws InvalidFixException {
    Object value = message.getValue(name);
    if (value instanceof Number n) {
      return n;
    }
    throw missing(name, "a number", value);
  }

  private static InvalidFixException missing(String name, String expected, Object value) {
    RejectReason reason =
        value == null
            ? RejectReason.BAD_FORMAT
            : name.equals("device_id") ? RejectReason.BAD_DEVICE_ID : RejectReason.BAD_NUMBER;
    return new InvalidFixException(
        reason, "field '" + name + "' must be " + expected + ", got " + describe(value));
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : GpsFixValidator.abbreviate(String.valueOf(value));
  }
}
