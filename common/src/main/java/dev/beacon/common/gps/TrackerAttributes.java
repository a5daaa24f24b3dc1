package dev.beacon.common.gps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code attributes} of a tracker's fix: the parameters Beacon has no field for. Each one joins
 * only if {@link GpsFixValidator} would take it (its name rule, its value's type and length, {@code
 * BEACON_FIX_MAX_ATTRIBUTE_*}) and while there is room ({@code BEACON_FIX_MAX_ATTRIBUTES}); what is
 * beyond is left out rather than refused: trackers send extra parameters Beacon does not know, and
 * one of those should not cost the position.
 */
final class TrackerAttributes {

  private final GpsFixValidator validator;
  private final Map<String, Object> values = new LinkedHashMap<>();

  TrackerAttributes(GpsFixValidator validator) {
    this.validator = validator;
  }

  /** Adds a number, a boolean or a string the validator takes; ignored otherwise or once full. */
  TrackerAttributes put(String name, Object value) {
    if (value == null
        || name == null
        || (values.size() >= validator.limits().details().maxAttributes()
            && !values.containsKey(name))) {
      return this;
    }
    try {
      validator.details(FixDetails.builder().attribute(name, value).build());
      values.put(name, value);
    } catch (InvalidFixException e) {
      // left out, as the class says
    }
    return this;
  }

  /**
   * A query parameter's text as Traccar reads it: a number, {@code true}/{@code false}, or text.
   */
  TrackerAttributes putText(String name, String text) {
    if ("true".equals(text) || "false".equals(text)) {
      return put(name, Boolean.parseBoolean(text));
    }
    try {
      return put(name, TrackerValues.decimal(name, text));
    } catch (InvalidFixException e) {
      return put(name, text);
    }
  }

  Map<String, Object> values() {
    return values;
  }
}
