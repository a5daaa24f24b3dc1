package dev.beacon.gateway.backend;

import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.PresenceRecord;
import dev.beacon.common.protocol.PresenceRecord.ClientConnected;
import dev.beacon.common.protocol.PresenceRecord.ClientPresent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * This gateway's side of presence, the same with or without Kafka: its sessions' records and its
 * heartbeat (every {@code BEACON_PRESENCE_PERIOD}, carrying that period) go into the shared {@link
 * PresenceView} at once, so a client sees itself without waiting for the topic, and to {@code
 * writer} (the Kafka producer, or nowhere in one process). Records of other gateways arrive through
 * {@link #view()} from whoever reads {@code beacon.presence}. The questions of {@link
 * ClusterPresence} are answered by the view's one liveness rule, which the broadcaster applies too:
 * the two cannot disagree about who is connected.
 */
public final class GatewayPresence implements ClusterPresence {

  private final PresenceView view = new PresenceView();
  private final String gatewayId;
  private final Duration period;
  private final Consumer<PresenceRecord> writer;
  private final LongSupplier clock;
  private long timerId = -1;

  /**
   * @param writer where this gateway's records go besides the view; called on event loops, must not
   *     block
   * @param clock epoch milliseconds
   */
  public GatewayPresence(
      String gatewayId, Duration period, Consumer<PresenceRecord> writer, LongSupplier clock) {
    this.gatewayId = gatewayId;
    this.period = period;
    this.writer = writer;
    this.clock = clock;
  }

  /** Writes the first heartbeat now, then one every period. */
  public void start(Vertx vertx) {
    heartbeat();
    timerId = vertx.setPeriodic(period.toMillis(), id -> heartbeat());
  }

  /**
   * Stops the heartbeat and says the gateway is gone; its clients count as gone at once everywhere.
   */
  public void stop(Vertx vertx) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    write(new PresenceRecord.GatewayGone(gatewayId));
  }

  void heartbeat() {
    write(new PresenceRecord.GatewayAlive(gatewayId, clock.getAsLong(), period));
  }

  /** The cluster's presence, for the reader of {@code beacon.presence} to apply records to. */
  public PresenceView view() {
    return view;
  }

  @Override
  public void connected(ClientConnected connection) {
    write(connection);
  }

  @Override
  public void joined(ClientConnected connection, String room) {
    write(connection.joined(room));
  }

  @Override
  public void leftRoom(String clientId, String room) {
    write(new PresenceRecord.RoomLeft(clientId, room));
  }

  /**
   * The client's tombstone alone would remove its rooms from every reader, but not from the topic:
   * each membership gets its own tombstone so that compaction can drop the key.
   */
  @Override
  public void left(String clientId, Collection<String> rooms) {
    for (String room : rooms) {
      write(new PresenceRecord.RoomLeft(clientId, room));
    }
    write(new PresenceRecord.ClientLeft(clientId));
  }

  @Override
  public int connectedClients() {
    return view.count(clock.getAsLong());
  }

  @Override
  public List<ClientPresent> clients() {
    return view.clients(clock.getAsLong());
  }

  @Override
  public List<ClientPresent> members(String room) {
    return view.members(room, clock.getAsLong());
  }

  @Override
  public boolean isConnected(String clientId) {
    return view.isPresent(clientId, clock.getAsLong());
  }

  private void write(PresenceRecord record) {
    view.apply(record);
    writer.accept(record);
  }
}
