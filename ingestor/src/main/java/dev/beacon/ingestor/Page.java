package dev.beacon.ingestor;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * One page of a list: the store is asked for one row more than the page holds, and that extra row
 * only tells whether a next page exists, so the last page never hands out a cursor that leads to an
 * empty page.
 *
 * @param rows the rows of this page
 * @param nextCursor where the next page starts, or null on the last page
 */
record Page<T>(List<T> rows, String nextCursor) {

  /**
   * @param fetched up to {@code size + 1} rows from the store
   */
  static <T> Page<T> of(List<T> fetched, int size, Function<T, PageCursor> cursorAfter) {
    if (fetched.size() <= size) {
      return new Page<>(fetched, null);
    }
    List<T> rows = fetched.subList(0, size);
    return new Page<>(rows, cursorAfter.apply(rows.get(size - 1)).encode());
  }

  /**
   * The {@code Link} header value (RFC 8288) of the next page: the request's own path and
   * parameters with the cursor replaced, so a client that follows it keeps its {@code from}, {@code
   * to} and {@code limit}. Null on the last page.
   */
  String nextLink(String path, MultiMap params) {
    if (nextCursor == null) {
      return null;
    }
    StringJoiner query = new StringJoiner("&", path + "?", "");
    for (Map.Entry<String, String> param : params) {
      if (!param.getKey().equals("cursor")) {
        query.add(encode(param.getKey()) + "=" + encode(param.getValue()));
      }
    }
    query.add("cursor=" + encode(nextCursor));
    return "<" + query + ">; rel=\"next\"";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
