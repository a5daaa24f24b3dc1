package dev.beacon.gateway.messaging;

import dev.beacon.common.channels.ChannelNamespace;
import dev.beacon.common.channels.ChannelNamespaces;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import dev.beacon.common.protocol.StreamPosition;
import dev.beacon.gateway.backend.Backend;
import dev.beacon.gateway.backend.ChannelHistory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * History and presence of a channel, as the WebSocket requests ({@code history}, {@code presence},
 * {@code presence_stats}) and the server API ask for them: each checked against the channel's
 * namespace first ({@link ChannelRefusal} {@code history_off}, {@code presence_not_allowed}), a
 * history read holding one of the gateway's {@link RecoveryReaders} (shared with recovery: at most
 * {@code BEACON_MAX_RECOVERY_READERS} Kafka consumers at once, the rest waiting their turn).
 * Thread-safe.
 */
public final class ChannelQueries {

  private final Backend backend;
  private final ChannelNamespaces namespaces;
  private final RecoveryReaders readers;

  public ChannelQueries(Backend backend, ChannelNamespaces namespaces, RecoveryReaders readers) {
    this.backend = backend;
    this.namespaces = namespaces;
    this.readers = readers;
  }

  public ChannelNamespaces namespaces() {
    return namespaces;
  }

  /**
   * A page of {@code room}'s history; fails with a {@link ChannelRefusal} ({@code history_off},
   * {@code position_lost}) or with the reader's failure.
   */
  public Future<ChannelHistory.Page> history(
      String room, int limit, StreamPosition since, boolean reverse) {
    ChannelNamespace ns = namespaces.of(room);
    if (ns.historySize() == 0) {
      return Future.failedFuture(
          new ChannelRefusal(
              ErrorCode.HISTORY_OFF,
              "room '"
                  + room
                  + "' keeps no history: its namespace '"
                  + ns.name()
                  + "' has historySize 0; configure a history size for it, or read the room live"));
    }
    ChannelHistory.Query query =
        new ChannelHistory.Query(room, limit, since, reverse, ns.historySize(), ns.historyTtl());
    Promise<ChannelHistory.Page> read = Promise.promise();
    Runnable start =
        () -> {
          Future<ChannelHistory.Page> page;
          try {
            page = backend.history().read(query);
          } catch (RuntimeException e) {
            page = Future.failedFuture(e);
          }
          page.onComplete(
              done -> {
                readers.release();
                read.handle(done);
              });
        };
    Context context = Vertx.currentContext();
    readers.whenFree(context == null ? start : () -> context.runOnContext(v -> start.run()));
    return read.future()
        .compose(
            page ->
                page.lost()
                    ? Future.failedFuture(
                        new ChannelRefusal(
                            ErrorCode.POSITION_LOST,
                            "room '"
                                + room
                                + "': history no longer holds position "
                                + since
                                + " (older than its last "
                                + ns.historySize()
                                + " messages or "
                                + ns.historyTtl()
                                + ", or of another epoch); ask again without since"))
                    : Future.succeededFuture(page));
  }

  /** The clients subscribed to {@code room}; a {@link ChannelRefusal} when presence is off. */
  public List<ClientPresent> presence(String room) {
    requirePresence(room);
    return backend.presence().members(room);
  }

  /** Clients subscribed to {@code room} and distinct users among them. */
  public Stats presenceStats(String room) {
    List<ClientPresent> members = presence(room);
    Set<String> users = new HashSet<>();
    members.forEach(c -> users.add(c.clientId()));
    return new Stats(members.size(), users.size());
  }

  /**
   * Counts of a room's presence. In Beacon a client id is the token's {@code sub} (or a random id
   * for an anonymous connection), so users equal clients until identities and connections part.
   */
  public record Stats(int clients, int users) {}

  private void requirePresence(String room) {
    ChannelNamespace ns = namespaces.of(room);
    if (!ns.presence()) {
      throw new ChannelRefusal(
          ErrorCode.PRESENCE_NOT_ALLOWED,
          "room '"
              + room
              + "' has no presence: its namespace '"
              + ns.name()
              + "' has presence turned off");
    }
  }
}
