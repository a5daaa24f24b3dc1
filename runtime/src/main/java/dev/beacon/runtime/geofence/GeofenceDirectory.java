package dev.beacon.runtime.geofence;

import dev.beacon.common.geofence.Geofence;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The geofences a process knows, by id: filled from {@code beacon.geofences} by a {@link
 * GeofenceFeed} (or directly, after a write). Thread-safe; reads never block. {@link #snapshot()}
 * is what the ingestor judges one batch against, so a batch sees one consistent set.
 */
public final class GeofenceDirectory {

  private final Map<String, Geofence> byId = new ConcurrentHashMap<>();
  private volatile List<Geofence> snapshot = List.of();

  /** Takes the newest definition of a fence; an older one (by {@code updated_at}) is ignored. */
  public void apply(Geofence fence) {
    byId.merge(
        fence.id(), fence, (old, fresh) -> fresh.updatedAt() >= old.updatedAt() ? fresh : old);
    refresh();
  }

  /** Forgets a deleted fence. */
  public void remove(String fenceId) {
    byId.remove(fenceId);
    refresh();
  }

  /** The fence {@code id}, or null. */
  public Geofence get(String id) {
    return byId.get(id);
  }

  /** Every fence, ordered by id. */
  public List<Geofence> snapshot() {
    return snapshot;
  }

  public int size() {
    return byId.size();
  }

  private synchronized void refresh() {
    snapshot = byId.values().stream().sorted(Comparator.comparing(Geofence::id)).toList();
  }
}
