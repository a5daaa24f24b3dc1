package dev.beacon.gateway;

import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;

/**
 * One timer per verticle that walks its sessions and pings or closes them, instead of a timer per connection.
 * Confined to the verticle's event loop, like the sessions it holds.
 */
final class HeartbeatSweep {

  private final Vertx vertx;
  private final Heartbeat heartbeat;
  private final Set<ClientSession> sessions = new HashSet<>();
  private long timer = -1;

  HeartbeatSweep(Vertx vertx, Heartbeat heartbeat) {
    this.vertx = vertx;
    this.heartbeat = heartbeat;
  }

  void start() {
    if (heartbeat.enabled()) {
      timer = vertx.setPeriodic(heartbeat.sweepPeriodMillis(), id -> sweep(System.nanoTime()));
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  void add(ClientSession session) {
    sessions.add(session);
  }

  void remove(ClientSession session) {
    sessions.remove(session);
  }

  private void sweep(long now) {
    long interval = heartbeat.interval().toNanos();
    long timeout = heartbeat.timeout().toNanos();
    for (ClientSession session : Set.copyOf(sessions)) {
      session.heartbeatTick(now, interval, timeout);
    }
  }
}
