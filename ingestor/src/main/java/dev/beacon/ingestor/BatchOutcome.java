package dev.beacon.ingestor;

import java.util.List;

/**
 * What writing one batch did.
 *
 * @param inserted fixes stored as new rows
 * @param conflicts fixes refused because their {@code (device_id, device_ts)} was already stored
 *     with other coordinates, recorded in {@code gps_conflict} for the first time by this batch (a
 *     replayed conflict is not listed again); exact replays are in neither
 */
record BatchOutcome(int inserted, List<ReceivedFix> conflicts) {

  static final BatchOutcome NOTHING = new BatchOutcome(0, List.of());
}
