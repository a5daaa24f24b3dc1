package dev.beacon.tools.bench.soak;

import java.util.List;
import java.util.Map;

/**
 * What a soak run found.
 *
 * @param samples every interval, warm-up included
 * @param verdict growth judged on the samples after the warm-up
 * @param fixesAcked fixes answered OK
 * @param fixesMissing fixes answered OK that are not in SQLite after the run
 * @param duplicateRows (device, timestamp) keys stored more than once
 * @param chatAccepted chat messages echoed to their publisher
 * @param chatLost accepted messages some follower of the room never received
 * @param chatDuplicates messages a follower received twice
 * @param closeCodes close codes the clients saw, with counts (4010 or 4001: the slow readers)
 */
public record SoakResult(
    List<SoakSample> samples,
    SoakVerdict verdict,
    long fixesAcked,
    long fixesMissing,
    long duplicateRows,
    long chatAccepted,
    long chatLost,
    long chatDuplicates,
    Map<String, Long> closeCodes) {

  public boolean passed() {
    return verdict.bounded()
        && fixesMissing == 0
        && duplicateRows == 0
        && chatLost == 0
        && chatDuplicates == 0;
  }

  public String summary() {
    return String.format(
        "%s%nfixes acked %,d, missing from SQLite %d, duplicate rows %d; chat accepted %,d, lost %d,"
            + " duplicated %d; close codes %s; growth %s -> %s",
        table(),
        fixesAcked,
        fixesMissing,
        duplicateRows,
        chatAccepted,
        chatLost,
        chatDuplicates,
        closeCodes,
        verdict.bounded() ? "bounded" : verdict.grew(),
        passed() ? "PASS" : "FAIL");
  }

  private String table() {
    StringBuilder out = new StringBuilder(SoakSample.markdownHeader());
    samples.forEach(s -> out.append('\n').append(s.markdownRow()));
    return out.toString();
  }
}
