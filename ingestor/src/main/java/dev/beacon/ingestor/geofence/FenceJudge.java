package dev.beacon.ingestor.geofence;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.common.geofence.GeofenceEvent;
import dev.beacon.common.geofence.GeofenceEvent.Kind;
import dev.beacon.common.gps.GpsFix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The transition rule, apart from SQL: one device's new fixes, in the order Kafka holds them, are
 * judged against the fences one by one.
 *
 * <ul>
 *   <li>A fix not newer than the newest one judged (by device timestamp) arrived out of order: it
 *       is stored, but judges nothing, so a late fix never flips a state a newer fix set.
 *   <li>Outside to inside is an {@code enter}, inside to outside an {@code exit}; a device whose
 *       first judged fix is inside a fence enters it, one first seen outside makes no event. A
 *       point on the boundary is inside.
 *   <li>A fence judges only fixes received at or after its creation ({@link Geofence#judges}).
 *   <li>A deleted fence is forgotten without an exit.
 * </ul>
 *
 * Judging in Kafka's order (one device's fixes are in one partition) rather than the store's sort
 * makes the outcome independent of how fixes were cut into batches, so a rebuild derives the same
 * events.
 */
final class FenceJudge {

  private FenceJudge() {}

  static List<GeofenceEvent> judge(
      String deviceId,
      DeviceFences state,
      List<GpsFix> fixes,
      List<Geofence> fences,
      long detectedAt) {
    Set<String> known = fences.stream().map(Geofence::id).collect(Collectors.toSet());
    state.inside.keySet().retainAll(known);
    List<GeofenceEvent> events = new ArrayList<>();
    for (GpsFix fix : fixes) {
      if (fix.deviceTs() <= state.judgedTs) {
        continue;
      }
      state.judgedTs = fix.deviceTs();
      for (Geofence fence : fences) {
        if (!fence.judges(fix.receivedAt())) {
          continue;
        }
        boolean inside = fence.contains(fix.lat(), fix.lon());
        boolean was = state.inside.containsKey(fence.id());
        if (inside && !was) {
          state.inside.put(fence.id(), fix.deviceTs());
          events.add(event(deviceId, fence, Kind.ENTER, fix, detectedAt));
        } else if (!inside && was) {
          state.inside.remove(fence.id());
          events.add(event(deviceId, fence, Kind.EXIT, fix, detectedAt));
        }
      }
    }
    return events;
  }

  private static GeofenceEvent event(
      String deviceId, Geofence fence, Kind kind, GpsFix fix, long detectedAt) {
    return GeofenceEvent.of(
        deviceId, fence, kind, fix.deviceTs(), fix.lat(), fix.lon(), detectedAt);
  }
}
