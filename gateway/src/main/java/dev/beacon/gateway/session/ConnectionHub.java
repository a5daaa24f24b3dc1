package dev.beacon.gateway.session;

import dev.beacon.gateway.backend.LocalConnections;
import dev.beacon.gateway.backend.Readiness;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every WebSocket connection of one gateway process, across its event loops: counts them against
 * {@code maxConnections}, knows whether the gateway is draining, finds a connection by client id,
 * and tells the {@link ConnectionListener}. Thread-safe; a session is only ever touched on its own
 * event loop.
 *
 * <p>A slot is reserved at the handshake ({@link #tryReserve()}), before the upgrade completes, so
 * two event loops cannot both take the last one; it is given back when the upgrade fails or the
 * socket closes.
 */
public final class ConnectionHub implements LocalConnections {

  private static final Logger log = LoggerFactory.getLogger(ConnectionHub.class);

  private final int maxConnections;
  private final ConnectionListener listener;
  private final AtomicInteger reserved = new AtomicInteger();
  private final Map<String, LiveConnection> sessions = new ConcurrentHashMap<>();
  private volatile boolean draining;

  public ConnectionHub(int maxConnections, ConnectionListener listener) {
    this.maxConnections = maxConnections;
    this.listener = listener;
  }

  /**
   * Takes a connection slot; false when all {@code maxConnections} are taken or the gateway is
   * draining.
   */
  public boolean tryReserve() {
    while (!draining) {
      int now = reserved.get();
      if (now >= maxConnections) {
        return false;
      }
      if (reserved.compareAndSet(now, now + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back a slot whose upgrade did not complete. */
  public void unreserve() {
    reserved.decrementAndGet();
  }

  void opened(LiveConnection session) {
    sessions.put(session.clientId(), session);
    if (listener != ConnectionListener.NONE) {
      notify("connect", () -> listener.onConnect(session.info()));
    }
  }

  void message(LiveConnection session, String text) {
    if (listener != ConnectionListener.NONE) {
      notify("message", () -> listener.onMessage(session.info(), text));
    }
  }

  /** The socket is closed: its slot is free again. Idempotent. */
  void closed(LiveConnection session, int code, String reason) {
    if (sessions.remove(session.clientId(), session)) {
      reserved.decrementAndGet();
      if (listener != ConnectionListener.NONE) {
        notify("disconnect", () -> listener.onDisconnect(session.info(), code, reason));
      }
    }
  }

  /** Connections open or being upgraded in this process. */
  public int connections() {
    return reserved.get();
  }

  public int maxConnections() {
    return maxConnections;
  }

  /** True from the start of a graceful stop: readiness fails and upgrades are refused. */
  public boolean draining() {
    return draining;
  }

  public void startDraining() {
    draining = true;
  }

  /**
   * Closes the local connection of {@code clientId} with {@code code} and {@code reason}, on its
   * event loop.
   */
  @Override
  public boolean disconnect(String clientId, int code, String reason) {
    LiveConnection session = sessions.get(clientId);
    if (session == null) {
      return false;
    }
    session.context().runOnContext(v -> session.close((short) code, reason));
    return true;
  }

  @Override
  public boolean subscribe(String clientId, String room) {
    LiveConnection session = sessions.get(clientId);
    if (session == null) {
      return false;
    }
    session.context().runOnContext(v -> session.serverSubscribe(room));
    return true;
  }

  @Override
  public boolean unsubscribe(String clientId, String room) {
    LiveConnection session = sessions.get(clientId);
    if (session == null) {
      return false;
    }
    session.context().runOnContext(v -> session.serverUnsubscribe(room));
    return true;
  }

  /** Whether a connection of this process has that id. */
  public boolean isLocal(String clientId) {
    return sessions.containsKey(clientId);
  }

  /** The connections open now, as they were when they opened. */
  public List<ConnectionInfo> localConnections() {
    return sessions.values().stream().map(LiveConnection::info).toList();
  }

  /** The connections open now, for a drain to close. */
  public List<LiveConnection> sessions() {
    return List.copyOf(sessions.values());
  }

  /** A Readiness that also fails while draining, so load balancers stop sending clients first. */
  public Readiness drainAware(Readiness kafka) {
    return new Readiness() {
      @Override
      public boolean ready() {
        return !draining && kafka.ready();
      }

      @Override
      public String reason() {
        return draining
            ? "gateway is draining for shutdown; connect to another gateway"
            : kafka.reason();
      }
    };
  }

  private void notify(String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("connection listener failed on {}: {}", event, e.toString(), e);
    }
  }
}
