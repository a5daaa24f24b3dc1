package dev.beacon.ingestor.geofence;

import dev.beacon.common.geofence.GeofenceEvent;

/**
 * An event as stored: {@code seq} orders the outbox and pages the API.
 *
 * @param seq its row number, growing in the order events were stored
 * @param event the event
 */
public record StoredEvent(long seq, GeofenceEvent event) {}
