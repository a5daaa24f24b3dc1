package dev.beacon.it.faults;

import dev.beacon.it.support.TextClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WebSocket connection to one of several gateways that a traffic thread reopens when it drops,
 * trying its home gateway first and then the others; it keeps the close codes it saw, which a test
 * compares with the documented ones.
 */
final class Reconnecting {

  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private final Vertx vertx;
  private final List<Integer> ports;
  private final String path;
  private final int home;
  private final Set<String> closeCodes;
  private TextClient client;
  private int attempts;

  Reconnecting(Vertx vertx, List<Integer> ports, String path, int home, Set<String> closeCodes) {
    this.vertx = vertx;
    this.ports = ports;
    this.path = path;
    this.home = home;
    this.closeCodes = closeCodes;
  }

  static Set<String> newCloseCodes() {
    return ConcurrentHashMap.newKeySet();
  }

  /**
   * The open connection, reopening it (and returning true from {@link #reopened()}) when it
   * dropped.
   */
  TextClient client() throws InterruptedException {
    if (client != null && client.awaitClosed(Duration.ZERO)) {
      closeCodes.add(String.valueOf(client.awaitCloseCode(Duration.ZERO)));
      client.close();
      client = null;
    }
    while (client == null) {
      int port = ports.get((home + attempts) % ports.size());
      try {
        client = TextClient.connect(vertx, port, path);
      } catch (AssertionError refused) {
        attempts++;
        Thread.sleep(RETRY_PAUSE.toMillis());
      }
    }
    return client;
  }

  /** Whether the connection is open right now (a null client counts as dropped). */
  boolean isOpen() {
    return client != null && !client.awaitClosed(Duration.ZERO);
  }

  /** Closes the connection; the next {@link #client()} opens a fresh one. */
  void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
