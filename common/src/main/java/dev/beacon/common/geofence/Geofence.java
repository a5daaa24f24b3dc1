package dev.beacon.common.geofence;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One geofence: an area with an id and a name, kept on the compacted {@code beacon.geofences}
 * ({@link GeofenceRecordCodec}) and judged against every fix the ingestor stores.
 *
 * <p>A fence judges only fixes received (the gateway's {@code received_at}) at or after its {@code
 * createdAt}, so that re-reading {@code beacon.gps} from its beginning ({@code --rebuild}) derives
 * the same events again and none for the time before the fence existed.
 *
 * @param id 1-{@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}
 * @param name what people call it, 1-{@value #MAX_NAME_LENGTH} characters, no control characters
 * @param shape its area
 * @param createdAt when it was made, epoch ms
 * @param updatedAt when its name or shape last changed, epoch ms
 */
public record Geofence(String id, String name, FenceShape shape, long createdAt, long updatedAt) {

  public static final int MAX_ID_LENGTH = 64;
  public static final int MAX_NAME_LENGTH = 100;
  public static final String ID_RULE = "1-" + MAX_ID_LENGTH + " characters of A-Z a-z 0-9 . _ -";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");

  public Geofence {
    Objects.requireNonNull(shape, "shape");
    if (!isId(id)) {
      throw new IllegalArgumentException("geofence id '" + id + "' must be " + ID_RULE);
    }
    Objects.requireNonNull(name, "name");
  }

  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public boolean contains(double lat, double lon) {
    return shape.contains(lat, lon);
  }

  /** Whether this fence judges a fix the gateway received at {@code receivedAt} (epoch ms). */
  public boolean judges(long receivedAt) {
    return receivedAt >= createdAt;
  }
}
