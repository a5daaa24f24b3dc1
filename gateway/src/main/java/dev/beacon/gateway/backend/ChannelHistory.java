package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.StreamPosition;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a room's history: its latest messages, at most the namespace's {@code historySize} and none
 * older than its {@code historyTtl}, paged by position. Shared by every verticle, so thread-safe;
 * the future completes on the caller's context.
 */
public interface ChannelHistory {

  Future<Page> read(Query query);

  /**
   * One {@code history} request with its namespace's bounds.
   *
   * @param limit most messages in the page, at least 1
   * @param since only messages after it (oldest first) or before it ({@code reverse}); null: from
   *     the oldest, or the newest when {@code reverse}
   * @param size the namespace's {@code historySize}: only the room's latest {@code size} messages
   *     are history
   * @param ttl the namespace's {@code historyTtl}: only messages younger than it are history
   */
  record Query(
      String room, int limit, StreamPosition since, boolean reverse, int size, Duration ttl) {}

  /**
   * A page: {@code lost} when {@code since} lies outside history (nothing else is then set); the
   * messages in the order asked; {@code top} the newest message history holds (null: none); {@code
   * next} the {@code since} of the following page (null: this page reached the end).
   */
  record Page(
      boolean lost, List<Recovery.Missed> messages, StreamPosition top, StreamPosition next) {

    public static Page lostPosition() {
      return new Page(true, List.of(), null, null);
    }

    /**
     * Cuts one page out of a room's history window.
     *
     * @param window the room's history, oldest first, already within size and time-to-live
     * @param floor the lowest {@code since} history still serves in full: the first message of a
     *     window that {@code size} cut, or the position just before where the scan began (the log's
     *     start or the time-to-live's); a {@code since} below it, or of another epoch or partition,
     *     is lost
     */
    public static Page of(List<Recovery.Missed> window, StreamPosition floor, Query query) {
      StreamPosition top = window.isEmpty() ? null : window.get(window.size() - 1).pos();
      StreamPosition since = query.since();
      if (since != null
          && (!since.epoch().equals(floor.epoch())
              || since.partition() != floor.partition()
              || since.offset() < floor.offset())) {
        return lostPosition();
      }
      List<Recovery.Missed> page = new ArrayList<>(Math.min(query.limit(), window.size()));
      boolean more = false;
      if (!query.reverse()) {
        for (Recovery.Missed m : window) {
          if (since == null || m.pos().offset() > since.offset()) {
            if (page.size() == query.limit()) {
              more = true;
              break;
            }
            page.add(m);
          }
        }
      } else {
        for (int i = window.size() - 1; i >= 0; i--) {
          Recovery.Missed m = window.get(i);
          if (since == null || m.pos().offset() < since.offset()) {
            if (page.size() == query.limit()) {
              more = true;
              break;
            }
            page.add(m);
          }
        }
      }
      StreamPosition next = more ? page.get(page.size() - 1).pos() : null;
      return new Page(false, List.copyOf(page), top, next);
    }
  }

  /** No history: every request answers an empty page, or a lost position with {@code since}. */
  static ChannelHistory none() {
    return query ->
        Future.succeededFuture(
            query.since() == null ? new Page(false, List.of(), null, null) : Page.lostPosition());
  }
}
