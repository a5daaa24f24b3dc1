package dev.beacon.common.gps;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Decodes OwnTracks' JSON, shared by its HTTP mode and MQTT. A {@code location} message becomes a
 * fix:
 *
 * <pre>{@code
 * {"_type":"location","tst":1681593747,"lat":44.81,"lon":20.46,"tid":"ph",
 *  "vel":36,"cog":90,"alt":120,"acc":8,"batt":76,"conn":"w"}
 * }</pre>
 *
 * {@code tst} is epoch seconds, {@code vel} km/h (stored in m/s), {@code cog} degrees, {@code alt}
 * and {@code acc} metres, {@code batt} percent; the other scalar members ({@code tid}, {@code
 * conn}, {@code t}, {@code bs}, {@code vac}, {@code m}, {@code SSID}, ...) go into {@code
 * attributes}. Every other {@code _type} ({@code transition}, {@code waypoint}, {@code lwt}, {@code
 * card}, ...) is not a position: {@link Message#fix()} is null and the caller acknowledges it.
 *
 * <p>The device id is {@code <user>.<device>} ({@link #deviceId}): OwnTracks names a device by its
 * user and device, on the MQTT topic {@code owntracks/<user>/<device>} and in HTTP mode in the
 * {@code X-Limit-U} and {@code X-Limit-D} headers.
 */
public final class OwnTracksDecoder {

  /** The members that are the fix itself or describe the message, never attributes. */
  private static final Set<String> NOT_ATTRIBUTES =
      Set.of(
          "_type", "tst", "lat", "lon", "vel", "cog", "alt", "acc", "batt", "topic", "created_at");

  /** The topic prefix OwnTracks publishes to by default. */
  public static final String TOPIC_PREFIX = "owntracks/";

  private final GpsFixValidator validator;

  /**
   * One decoded message.
   *
   * @param type its {@code _type}
   * @param fix the position of a {@code location}, else null
   */
  public record Message(String type, GpsFix fix) {}

  public OwnTracksDecoder(GpsFixValidator validator) {
    this.validator = validator;
  }

  /**
   * {@code <user>.<device>}, or the one that is set when the other is empty; null when neither is.
   */
  public static String deviceId(String user, String device) {
    boolean hasUser = user != null && !user.isBlank();
    boolean hasDevice = device != null && !device.isBlank();
    if (hasUser && hasDevice) {
      return user.strip() + "." + device.strip();
    }
    return hasUser ? user.strip() : hasDevice ? device.strip() : null;
  }

  /** The device id of {@code owntracks/<user>/<device>}, or null for another topic. */
  public static String deviceIdOfTopic(String topic) {
    if (topic == null || !topic.startsWith(TOPIC_PREFIX)) {
      return null;
    }
    String[] parts = topic.substring(TOPIC_PREFIX.length()).split("/", -1);
    return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()
        ? deviceId(parts[0], parts[1])
        : null;
  }

  /** A message for {@code deviceId}; its {@code fix} is null when it is not a location. */
  public Message decode(JsonObject body, String deviceId, long nowMillis)
      throws InvalidFixException {
    Object type = body.getValue("_type");
    if (!(type instanceof String)) {
      throw new InvalidFixException(
          RejectReason.BAD_FORMAT, "'_type' is missing; this is not an OwnTracks message");
    }
    if (!"location".equals(type)) {
      return new Message((String) type, null);
    }
    if (deviceId == null) {
      throw new InvalidFixException(
          RejectReason.BAD_DEVICE_ID,
          "no device id: publish to owntracks/<user>/<device>, or set the user and device id"
              + " (X-Limit-U and X-Limit-D) in HTTP mode");
    }
    Double tst = TrackerValues.number("tst", body.getValue("tst"));
    Double lat = TrackerValues.number("lat", body.getValue("lat"));
    Double lon = TrackerValues.number("lon", body.getValue("lon"));
    if (tst == null || lat == null || lon == null) {
      throw new InvalidFixException(
          RejectReason.BAD_FORMAT, "a location needs 'tst', 'lat' and 'lon'");
    }
    if (tst != Math.rint(tst)) {
      throw new InvalidFixException(
          RejectReason.BAD_TIMESTAMP, "'tst' must be whole epoch seconds, got " + tst);
    }
    long millis = TrackerValues.timestamp("tst", Long.toString(tst.longValue()));
    return new Message(
        "location",
        TrackerValues.fix(validator, deviceId, millis, lat, lon, details(body), nowMillis));
  }

  private FixDetails details(JsonObject body) throws InvalidFixException {
    Double vel = TrackerValues.number("vel", body.getValue("vel"));
    TrackerAttributes attributes = new TrackerAttributes(validator);
    for (String name : body.fieldNames()) {
      if (!NOT_ATTRIBUTES.contains(name)) {
        attributes.put(name, body.getValue(name));
      }
    }
    return FixDetails.builder()
        .speed(vel == null ? null : vel * TrackerValues.METRES_PER_SECOND_PER_KMH)
        .course(TrackerValues.number("cog", body.getValue("cog")))
        .altitude(TrackerValues.number("alt", body.getValue("alt")))
        .accuracy(TrackerValues.number("acc", body.getValue("acc")))
        .battery(TrackerValues.number("batt", body.getValue("batt")))
        .attributes(attributes.values())
        .build();
  }
}
