package dev.beacon.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports for the processes a benchmark or test starts, never the same one twice in this
 * JVM. The kernel's choice for a socket bound to port 0 is free at that moment, but two such
 * choices in a row may be the same port (it was free again as soon as the probe closed): a broker
 * then got one port for both of its listeners.
 */
public final class LoopbackPorts {

  private static final Set<Integer> ISSUED = ConcurrentHashMap.newKeySet();
  private static final int ATTEMPTS = 100;

  private LoopbackPorts() {}

  /** A port nobody listens on now and that this JVM has not handed out before. */
  public static int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = probe();
      if (ISSUED.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no new free port after "
            + ATTEMPTS
            + " attempts; is the ephemeral port range"
            + " exhausted? (see /proc/sys/net/ipv4/ip_local_port_range)");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a socket to find a free port", e);
    }
  }
}
