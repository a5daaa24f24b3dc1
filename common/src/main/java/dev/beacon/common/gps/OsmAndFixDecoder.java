package dev.beacon.common.gps;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the OsmAnd protocol as Traccar's {@code OsmAndProtocolDecoder} reads it, the form
 * OsmAnd's online tracking and Traccar Client (before version 9) send as a query string or a form
 * body: {@code ?id=32&timestamp=1681593747&lat=44.81&lon=20.46&speed=12.5&bearing=90
 * &altitude=120&accuracy=8&batt=76}.
 *
 * <ul>
 *   <li>{@code id} or {@code deviceid}: the device id;
 *   <li>{@code lat} and {@code lon}, or {@code location=<lat>,<lon>};
 *   <li>{@code timestamp}: epoch seconds, epoch milliseconds, ISO 8601 or {@code yyyy-MM-dd
 *       HH:mm:ss} (UTC); required, since a fix is told from its repeat by its time;
 *   <li>{@code speed} in knots (stored in m/s), {@code bearing} or {@code heading} in degrees,
 *       {@code altitude} and {@code accuracy} in metres, {@code batt} in percent;
 *   <li>every other parameter into {@code attributes} (a number, a boolean or text, bounded by
 *       {@link TrackerAttributes}), except the credentials ({@code key}, {@code token}).
 * </ul>
 */
public final class OsmAndFixDecoder {

  /** Parameters that carry a credential: never stored. */
  public static final Set<String> CREDENTIALS = Set.of("key", "token");

  private final GpsFixValidator validator;

  public OsmAndFixDecoder(GpsFixValidator validator) {
    this.validator = validator;
  }

  /** The fix the parameters describe (first value of each name). */
  public GpsFix decode(Map<String, List<String>> parameters, long nowMillis)
      throws InvalidFixException {
    String deviceId = first(parameters, "id");
    if (deviceId == null) {
      deviceId = first(parameters, "deviceid");
    }
    if (deviceId == null) {
      throw new InvalidFixException(
          RejectReason.BAD_DEVICE_ID, "no device id; send it as 'id' (or 'deviceid')");
    }
    double[] position = position(parameters);
    long ts = TrackerValues.timestamp("timestamp", first(parameters, "timestamp"));
    return TrackerValues.fix(
        validator, deviceId, ts, position[0], position[1], details(parameters), nowMillis);
  }

  private static double[] position(Map<String, List<String>> parameters)
      throws InvalidFixException {
    String location = first(parameters, "location");
    String lat = first(parameters, "lat");
    String lon = first(parameters, "lon");
    if (lat == null && lon == null && location != null) {
      int comma = location.indexOf(',');
      if (comma < 0) {
        throw new InvalidFixException(
            RejectReason.BAD_FORMAT, "'location' must be <lat>,<lon>, got '" + location + "'");
      }
      lat = location.substring(0, comma);
      lon = location.substring(comma + 1);
    }
    if (lat == null || lon == null) {
      throw new InvalidFixException(
          RejectReason.BAD_FORMAT,
          "'lat' and 'lon' are required (or 'location=<lat>,<lon>'), got "
              + (lat == null ? "no lat" : "lat")
              + " and "
              + (lon == null ? "no lon" : "lon"));
    }
    return new double[] {TrackerValues.decimal("lat", lat), TrackerValues.decimal("lon", lon)};
  }

  private FixDetails details(Map<String, List<String>> parameters) throws InvalidFixException {
    FixDetails.Builder details = FixDetails.builder();
    TrackerAttributes attributes = new TrackerAttributes(validator);
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String value = parameter.getValue().isEmpty() ? "" : parameter.getValue().get(0);
      String name = parameter.getKey();
      switch (name) {
        case "id", "deviceid", "lat", "lon", "location", "timestamp" -> {}
        case "speed" ->
            details.speed(
                TrackerValues.decimal(name, value) * TrackerValues.METRES_PER_SECOND_PER_KNOT);
        case "bearing", "heading" -> details.course(TrackerValues.decimal(name, value));
        case "altitude" -> details.altitude(TrackerValues.decimal(name, value));
        case "accuracy" -> details.accuracy(TrackerValues.decimal(name, value));
        case "batt" -> details.battery(TrackerValues.decimal(name, value));
        default -> {
          if (!CREDENTIALS.contains(name)) {
            attributes.putText(name, value);
          }
        }
      }
    }
    return details.attributes(attributes.values()).build();
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
