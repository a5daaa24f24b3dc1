package dev.beacon.common.gps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a device reports beside its position, each part optional: most phones and trackers send
 * speed, course, altitude, accuracy and battery, and a few more facts (motion state, odometer,
 * charging, the event that triggered the report) that go into {@code attributes}.
 *
 * <p>A {@code null} number means the device did not report it. Ranges are checked by {@link
 * GpsFixValidator}, not here, so that a decoder can build the value and the validator can name what
 * is wrong with it.
 *
 * @param speed ground speed in metres per second
 * @param course heading in degrees clockwise from true north, [0, 360)
 * @param altitude metres above the WGS 84 ellipsoid (or sea level, as the device reports it)
 * @param accuracy horizontal accuracy radius in metres
 * @param battery battery level in percent, [0, 100]
 * @param attributes other reported facts: names to strings, numbers or booleans, in the order
 *     reported; never null
 */
public record FixDetails(
    Double speed,
    Double course,
    Double altitude,
    Double accuracy,
    Double battery,
    Map<String, Object> attributes) {

  /** Nothing reported beside the position: the seed's four-field fix. */
  public static final FixDetails NONE = new FixDetails(null, null, null, null, null, Map.of());

  public FixDetails {
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** True when the device reported nothing beside its position. */
  public boolean isEmpty() {
    return speed == null
        && course == null
        && altitude == null
        && accuracy == null
        && battery == null
        && attributes.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .speed(speed)
        .course(course)
        .altitude(altitude)
        .accuracy(accuracy)
        .battery(battery)
        .attributes(attributes);
  }

  /** Collects the parts a decoder finds, in any order. */
  public static final class Builder {
    private Double speed;
    private Double course;
    private Double altitude;
    private Double accuracy;
    private Double battery;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder speed(Double metresPerSecond) {
      this.speed = metresPerSecond;
      return this;
    }

    public Builder course(Double degrees) {
      this.course = degrees;
      return this;
    }

    public Builder altitude(Double metres) {
      this.altitude = metres;
      return this;
    }

    public Builder accuracy(Double metres) {
      this.accuracy = metres;
      return this;
    }

    public Builder battery(Double percent) {
      this.battery = percent;
      return this;
    }

    /** Adds one attribute: a string, a number or a boolean. */
    public Builder attribute(String name, Object value) {
      attributes.put(name, value);
      return this;
    }

    public Builder attributes(Map<String, Object> values) {
      attributes.clear();
      attributes.putAll(values);
      return this;
    }

    public FixDetails build() {
      FixDetails details = new FixDetails(speed, course, altitude, accuracy, battery, attributes);
      return details.isEmpty() ? NONE : details;
    }
  }
}
