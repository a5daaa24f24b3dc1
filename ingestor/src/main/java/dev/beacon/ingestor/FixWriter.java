package dev.beacon.ingestor;

import dev.beacon.common.gps.GpsFix;
import java.util.List;

/** Where {@link GpsIngestor} writes its batches: {@link SqliteFixStore}, or a stand-in in tests. */
public interface FixWriter {

  /**
   * Writes a batch in one transaction; fixes already stored (same device id and device timestamp) are
   * ignored.
   *
   * @return how many fixes were new
   * @throws RuntimeException when nothing was written; the caller may retry the same batch
   */
  int insert(List<GpsFix> batch);

  /** Removes every fix, before a rebuild. */
  void clear();

  /** Where the fixes go, for log messages. */
  String describe();
}
