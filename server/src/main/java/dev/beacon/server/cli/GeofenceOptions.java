package dev.beacon.server.cli;

import dev.beacon.common.geofence.GeofenceLimits;
import picocli.CommandLine.Option;

/** Bounds of the geofences a gateway's admin API makes (docs/geofences.md). */
public final class GeofenceOptions {

  @Option(
      names = "--geofence-max-fences",
      defaultValue = "${env:BEACON_GEOFENCE_MAX_FENCES:-1000}",
      description =
          "Most geofences at once; one more gets 409 too_many_geofences. Every stored fix is judged"
              + " against each (env BEACON_GEOFENCE_MAX_FENCES, default ${DEFAULT-VALUE}).")
  int maxFences;

  @Option(
      names = "--geofence-max-vertices",
      defaultValue = "${env:BEACON_GEOFENCE_MAX_VERTICES:-1000}",
      description =
          "Most vertices of one polygon geofence, else 400 bad_request"
              + " (env BEACON_GEOFENCE_MAX_VERTICES, default ${DEFAULT-VALUE}).")
  int maxVertices;

  @Option(
      names = "--geofence-max-radius",
      defaultValue = "${env:BEACON_GEOFENCE_MAX_RADIUS_M:-100000}",
      description =
          "Largest circle geofence radius in metres, else 400 bad_request"
              + " (env BEACON_GEOFENCE_MAX_RADIUS_M, default ${DEFAULT-VALUE}).")
  double maxRadiusMeters;

  public GeofenceLimits limits() {
    return new GeofenceLimits(maxFences, maxVertices, maxRadiusMeters);
  }
}
