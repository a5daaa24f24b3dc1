package dev.beacon.ingestor;

/**
 * What one pruning transaction did.
 *
 * @param deleted fixes deleted
 * @param next the device to continue from in the next transaction, or {@code null} when every
 *     device was looked at
 */
public record PruneOutcome(int deleted, String next) {

  public static final PruneOutcome NOTHING = new PruneOutcome(0, null);

  public boolean finished() {
    return next == null;
  }
}
