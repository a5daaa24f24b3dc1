package dev.beacon.ingestor;

import java.util.List;

/** Where {@link GpsIngestor} writes its batches: {@link SqliteFixStore}, or a stand-in in tests. */
public interface FixWriter {

  /**
   * Writes a batch in one transaction; fixes already stored (same device id and device timestamp)
   * are ignored when their coordinates are the same (a replay), and recorded as conflicts when they
   * differ.
   *
   * @throws RuntimeException when nothing was written; the caller may retry the same batch
   */
  BatchOutcome write(List<ReceivedFix> batch);

  /** Removes every fix (and every recorded conflict), before a rebuild. */
  void clear();

  /**
   * Deletes, in one transaction, at most {@code maxRows} fixes whose device timestamp is below
   * {@code olderThanMs}, visiting devices in id order from {@code fromDevice} (inclusive; empty:
   * the first). A writer that keeps nothing for long (a test's stand-in) prunes nothing.
   */
  default PruneOutcome prune(long olderThanMs, String fromDevice, int maxRows) {
    return PruneOutcome.NOTHING;
  }

  /** Where the fixes go, for log messages. */
  String describe();
}
