package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;

/**
 * One device as the store knows it.
 *
 * @param deviceId the device
 * @param fixCount fixes stored for it
 * @param latest its fix with the highest device timestamp
 */
public record DeviceSummary(String deviceId, long fixCount, GpsFix latest) {}
