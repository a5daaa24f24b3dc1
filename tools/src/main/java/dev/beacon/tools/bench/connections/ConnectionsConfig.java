package dev.beacon.tools.bench.connections;

import java.net.URI;
import java.util.List;

/**
 * One run of the connections benchmark.
 *
 * @param urls targets' /chat URLs; empty means "start my own stack" with {@code gateways} gateways
 * @param gateways gateway processes to start when {@code urls} is empty
 * @param steps connection counts to reach one after the other (connections stay open between steps)
 * @param rooms rooms the connections are spread over (each connection subscribes to one)
 * @param sourceAddresses loopback source addresses to bind (127.0.1.1 upwards)
 * @param window handshakes in flight at once, per client process
 * @param broadcasts benchmark broadcasts timed at each step
 * @param deflate whether clients offer permessage-deflate
 * @param peerPid PID of an external server (e.g. the Node peer) whose RSS to read, or 0
 * @param gatewayJvm JVM options of the gateways this benchmark starts, e.g. {@code -Xmx2g}
 * @param histogram print the first server's heap growth by class at each step (a JVM server only)
 * @param clientProcesses client worker processes holding the connections; 0 picks enough for
 *     {@value #CONNECTIONS_PER_CLIENT} connections each
 * @param clientEventLoops event loops per client process
 * @param clientJvm JVM options of the client processes
 * @param clientLifetimeSeconds a client process exits by itself after this long
 */
public record ConnectionsConfig(
    List<URI> urls,
    int gateways,
    List<Integer> steps,
    int rooms,
    int sourceAddresses,
    int window,
    int broadcasts,
    boolean deflate,
    long peerPid,
    List<String> gatewayJvm,
    boolean histogram,
    int clientProcesses,
    int clientEventLoops,
    List<String> clientJvm,
    long clientLifetimeSeconds) {

  /** Below the 20,000 open files a process may hold here, with room for the JVM's own. */
  public static final int CONNECTIONS_PER_CLIENT = 15_000;

  public ConnectionsConfig {
    if (steps.isEmpty() || steps.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException(
          "--connections needs one or more counts above 0, got " + steps);
    }
    if (rooms < 1
        || sourceAddresses < 1
        || sourceAddresses > 62_500
        || window < 1
        || broadcasts < 0) {
      throw new IllegalArgumentException(
          "rooms, source addresses (1-62500) and window must be at least 1");
    }
    if (clientProcesses < 0 || clientEventLoops < 1 || clientLifetimeSeconds < 60) {
      throw new IllegalArgumentException(
          "--client-processes must be 0 (auto) or more, --client-event-loops at least"
              + " 1, --client-lifetime at least 60 s");
    }
    steps = steps.stream().sorted().toList();
  }

  public boolean ownStack() {
    return urls.isEmpty();
  }

  /** The client processes of this run: as asked, or enough for the largest step. */
  public int clientProcessCount() {
    int most = steps.get(steps.size() - 1);
    return clientProcesses > 0
        ? clientProcesses
        : Math.max(1, (most + CONNECTIONS_PER_CLIENT - 1) / CONNECTIONS_PER_CLIENT);
  }
}
