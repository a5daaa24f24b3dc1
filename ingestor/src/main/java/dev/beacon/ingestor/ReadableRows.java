package dev.beacon.ingestor;

import dev.beacon.runtime.auth.ReadGrants;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The first rows of a keyset-paged list that a credential may read: with a grant of every device,
 * one query; with a narrower grant, chunks of the list filtered by device until the page is full or
 * the list ends, so a page is never short while readable rows remain (and the next-page cursor
 * stays right).
 */
final class ReadableRows {

  /** Rows read per query while filtering: large enough that a sparse grant takes few queries. */
  static final int CHUNK = 1_000;

  /** One chunk of the list: at most {@code count} rows after {@code after}, in key order. */
  interface Source<T, K> {
    List<T> after(K after, int count);
  }

  private ReadableRows() {}

  static <T, K> List<T> fetch(
      int wanted,
      ReadGrants grants,
      Function<T, String> deviceOf,
      Function<T, K> keyOf,
      Source<T, K> source,
      K first) {
    if (grants.allowsAll()) {
      return source.after(first, wanted);
    }
    List<T> readable = new ArrayList<>();
    if (grants.isEmpty()) {
      return readable;
    }
    int chunk = Math.max(wanted, CHUNK);
    K after = first;
    while (readable.size() < wanted) {
      List<T> rows = source.after(after, chunk);
      for (T row : rows) {
        if (grants.allows(deviceOf.apply(row)) && readable.size() < wanted) {
          readable.add(row);
        }
      }
      if (rows.size() < chunk) {
        break;
      }
      after = keyOf.apply(rows.get(rows.size() - 1));
    }
    return readable;
  }
}
