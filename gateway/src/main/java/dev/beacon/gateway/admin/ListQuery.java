package dev.beacon.gateway.admin;

import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import io.vertx.core.MultiMap;
import java.util.function.Predicate;

/**
 * The query of {@code GET /api/clients}: optional {@code room} and {@code gateway} filters and a
 * {@code limit} (default {@value #DEFAULT_LIST_LIMIT}, at most {@value #MAX_LIST_LIMIT}).
 *
 * @param problem what is wrong with the query, or null
 */
record ListQuery(String room, String gateway, int limit, String problem) {

  /** Clients listed when the request gives no {@code limit}. */
  static final int DEFAULT_LIST_LIMIT = 1_000;

  /** The largest {@code limit} a listing accepts. */
  static final int MAX_LIST_LIMIT = 10_000;

  static ListQuery of(MultiMap params) {
    String limitText = params.get("limit");
    int limit = DEFAULT_LIST_LIMIT;
    String problem = null;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST_LIMIT) {
        problem =
            "query parameter 'limit' must be a whole number in 1-"
                + MAX_LIST_LIMIT
                + ", got '"
                + limitText
                + "'";
      }
    }
    return new ListQuery(params.get("room"), params.get("gateway"), limit, problem);
  }

  Predicate<ClientPresent> filter() {
    return c ->
        (room == null || c.rooms().contains(room))
            && (gateway == null || c.gateway().equals(gateway));
  }
}
