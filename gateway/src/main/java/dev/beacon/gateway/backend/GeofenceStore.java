package dev.beacon.gateway.backend;

import dev.beacon.common.geofence.Geofence;
import dev.beacon.runtime.geofence.GeofenceDirectory;
import io.vertx.core.Future;

/**
 * Where geofences are kept: on Kafka ({@code beacon.geofences}, which the ingestor judges fixes
 * against), or nowhere ({@link #unavailable()}: a backend without an ingestor has no use for them).
 * Thread-safe.
 */
public interface GeofenceStore {

  /** The fences this gateway knows, kept up to date from every gateway's writes. */
  GeofenceDirectory directory();

  /**
   * Stores the newest definition of a fence; succeeds once it is durable, and {@link #directory()}
   * holds it by then.
   */
  Future<Void> put(Geofence fence);

  /** Deletes a fence; succeeds once the deletion is durable. */
  Future<Void> delete(String fenceId);

  /** No fences: writes fail, saying that geofences need the Kafka backend. */
  static GeofenceStore unavailable() {
    GeofenceDirectory empty = new GeofenceDirectory();
    return new GeofenceStore() {
      @Override
      public GeofenceDirectory directory() {
        return empty;
      }

      @Override
      public Future<Void> put(Geofence fence) {
        return refused();
      }

      @Override
      public Future<Void> delete(String fenceId) {
        return refused();
      }

      private Future<Void> refused() {
        return Future.failedFuture(
            "geofences are judged by the ingestor from Kafka; this gateway runs without Kafka"
                + " (in-process backend)");
      }
    };
  }
}
