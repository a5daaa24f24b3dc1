package dev.beacon.ingestor;

import dev.beacon.common.gps.FixAttributes;
import dev.beacon.common.gps.FixDetails;
import dev.beacon.common.gps.GpsFix;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * How a track export renders a device's fixes: a head, the fixes chunk by chunk, a tail, so that
 * the whole range is never held (see {@link TrackExport}). A format that needs the fixes twice
 * (GeoJSON: the line, then the points) says so with {@link #passes()}.
 */
enum TrackFormat {

  /**
   * GPX 1.1, one track of one segment; the details GPX has no element for (speed, course, accuracy,
   * battery) go into each point's {@code extensions} in Beacon's namespace.
   */
  GPX("application/gpx+xml", "gpx", 1) {
    @Override
    String head(String deviceId) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<gpx version=\"1.1\" creator=\"Beacon\" xmlns=\"http://www.topografix.com/GPX/1/1\""
          + " xmlns:beacon=\""
          + GPX_EXTENSIONS
          + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          + " xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1"
          + " http://www.topografix.com/GPX/1/1/gpx.xsd\">\n"
          + "<metadata><name>"
          + deviceId
          + "</name><time>"
          + Instant.now()
          + "</time></metadata>\n<trk><name>"
          + deviceId
          + "</name><trkseg>\n";
    }

    @Override
    void render(int pass, List<GpsFix> fixes, State state, StringBuilder out) {
      for (GpsFix fix : fixes) {
        // GPX's longitude is [-180, 180): the antimeridian is written as -180.
        double lon = fix.lon() == 180.0 ? -180.0 : fix.lon();
        out.append("<trkpt lat=\"")
            .append(decimal(fix.lat()))
            .append("\" lon=\"")
            .append(decimal(lon))
            .append("\">");
        FixDetails d = fix.details();
        if (d.altitude() != null) {
          out.append("<ele>").append(decimal(d.altitude())).append("</ele>");
        }
        out.append("<time>").append(Instant.ofEpochMilli(fix.deviceTs())).append("</time>");
        if (d.speed() != null
            || d.course() != null
            || d.accuracy() != null
            || d.battery() != null) {
          out.append("<extensions>");
          element(out, "speed", d.speed());
          element(out, "course", d.course());
          element(out, "accuracy", d.accuracy());
          element(out, "battery", d.battery());
          out.append("</extensions>");
        }
        out.append("</trkpt>\n");
      }
    }

    @Override
    String tail(State state) {
      return "</trkseg></trk>\n</gpx>\n";
    }

    private void element(StringBuilder out, String name, Double value) {
      if (value != null) {
        out.append("<beacon:")
            .append(name)
            .append('>')
            .append(decimal(value))
            .append("</beacon:")
            .append(name)
            .append('>');
      }
    }
  },

  /**
   * One line per fix under a header; an unreported detail is an empty field, the attributes one
   * JSON object in a quoted field (RFC 4180).
   */
  CSV("text/csv; charset=utf-8", "csv", 1) {
    @Override
    String head(String deviceId) {
      return "device_id,ts,time,lat,lon,speed,course,altitude,accuracy,battery,attributes\r\n";
    }

    @Override
    void render(int pass, List<GpsFix> fixes, State state, StringBuilder out) {
      for (GpsFix fix : fixes) {
        FixDetails d = fix.details();
        out.append(fix.deviceId())
            .append(',')
            .append(fix.deviceTs())
            .append(',')
            .append(Instant.ofEpochMilli(fix.deviceTs()))
            .append(',')
            .append(fix.lat())
            .append(',')
            .append(fix.lon());
        for (Double value :
            new Double[] {d.speed(), d.course(), d.altitude(), d.accuracy(), d.battery()}) {
          out.append(',');
          if (value != null) {
            out.append(value.doubleValue());
          }
        }
        out.append(',');
        String attributes = FixAttributes.encode(d.attributes());
        if (attributes != null) {
          out.append('"').append(attributes.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
      }
    }

    @Override
    String tail(State state) {
      return "";
    }
  },

  /**
   * A FeatureCollection: the track as one LineString (when it has at least two points, the minimum
   * GeoJSON allows), read in a first pass, then one Point per fix with its time and details, read
   * in a second.
   */
  GEOJSON("application/geo+json", "geojson", 2) {
    @Override
    String head(String deviceId) {
      return "{\"type\":\"FeatureCollection\",\"features\":[";
    }

    @Override
    void render(int pass, List<GpsFix> fixes, State state, StringBuilder out) {
      for (GpsFix fix : fixes) {
        if (pass == 0) {
          line(fix, state, out);
        } else {
          if (state.features++ > 0) {
            out.append(',');
          }
          JsonObject properties =
              FixJson.withDetails(
                  new JsonObject().put("device_id", fix.deviceId()).put("ts", fix.deviceTs()),
                  fix.details());
          out.append("\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":")
              .append(coordinates(fix))
              .append("},\"properties\":")
              .append(properties.encode())
              .append('}');
        }
      }
    }

    /** The first coordinate waits for a second: a LineString of one point is not GeoJSON. */
    private void line(GpsFix fix, State state, StringBuilder out) {
      if (state.first == null) {
        state.first = fix;
        return;
      }
      if (state.linePoints == 0) {
        out.append(
                "\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[")
            .append(coordinates(state.first));
        state.linePoints = 1;
      }
      out.append(',').append(coordinates(fix));
      state.linePoints++;
      state.last = fix;
    }

    @Override
    String endOfPass(int pass, State state) {
      if (pass != 0 || state.linePoints == 0) {
        return "";
      }
      state.features = 1;
      return "]},\"properties\":"
          + new JsonObject()
              .put("device_id", state.first.deviceId())
              .put("from", state.first.deviceTs())
              .put("to", state.last.deviceTs())
              .encode()
          + "}";
    }

    @Override
    String tail(State state) {
      return "\n]}\n";
    }

    private String coordinates(GpsFix fix) {
      return "[" + fix.lon() + "," + fix.lat() + "]";
    }
  };

  /** The namespace of Beacon's elements in a GPX point's {@code extensions}. */
  static final String GPX_EXTENSIONS = "https://beacon.dev/xmlns/gpx-extensions/1";

  /** What a format remembers from one chunk to the next. */
  static final class State {
    GpsFix first;
    GpsFix last;
    int linePoints;
    int features;
  }

  private final String contentType;
  private final String extension;
  private final int passes;

  TrackFormat(String contentType, String extension, int passes) {
    this.contentType = contentType;
    this.extension = extension;
    this.passes = passes;
  }

  String contentType() {
    return contentType;
  }

  String extension() {
    return extension;
  }

  /** How many times the fixes are read. */
  int passes() {
    return passes;
  }

  abstract String head(String deviceId);

  /** Appends {@code fixes}, the next chunk of pass {@code pass}, to {@code out}. */
  abstract void render(int pass, List<GpsFix> fixes, State state, StringBuilder out);

  /** What closes pass {@code pass}, before the next pass or the tail. */
  String endOfPass(int pass, State state) {
    return "";
  }

  abstract String tail(State state);

  /** An {@code xsd:decimal}: no exponent, which {@link Double#toString} would write. */
  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
