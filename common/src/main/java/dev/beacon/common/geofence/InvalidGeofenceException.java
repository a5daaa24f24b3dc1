package dev.beacon.common.geofence;

/** A geofence definition that breaks a rule; the message says which and how to fix it. */
public final class InvalidGeofenceException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidGeofenceException(String message) {
    super(message);
  }
}
