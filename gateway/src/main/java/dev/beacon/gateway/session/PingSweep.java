package dev.beacon.gateway.session;

import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;

/**
 * One timer per verticle that walks its connections and pings or closes them ({@link ClientPings}),
 * instead of a timer per connection. Confined to the verticle's event loop, like the connections it
 * holds.
 */
public final class PingSweep {

  /** A connection the sweep looks after. */
  interface Pinged {
    /**
     * Pings the connection when it was quiet for {@code intervalNanos}; closes it when it stayed
     * silent for {@code timeoutNanos} after its ping.
     */
    void pingTick(long now, long intervalNanos, long timeoutNanos);
  }

  private final Vertx vertx;
  private final ClientPings pings;
  private final Set<Pinged> connections = new HashSet<>();
  private long timer = -1;

  public PingSweep(Vertx vertx, ClientPings pings) {
    this.vertx = vertx;
    this.pings = pings;
  }

  public void start() {
    if (pings.enabled()) {
      timer = vertx.setPeriodic(pings.sweepPeriodMillis(), id -> sweep(System.nanoTime()));
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  void add(Pinged connection) {
    connections.add(connection);
  }

  void remove(Pinged connection) {
    connections.remove(connection);
  }

  private void sweep(long now) {
    long interval = pings.interval().toNanos();
    long timeout = pings.timeout().toNanos();
    for (Pinged connection : Set.copyOf(connections)) {
      connection.pingTick(now, interval, timeout);
    }
  }
}
