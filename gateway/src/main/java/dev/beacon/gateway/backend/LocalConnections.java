package dev.beacon.gateway.backend;

/**
 * What a backend may do to this process's connections: carry out an operator's command.
 * Thread-safe.
 */
public interface LocalConnections {

  /**
   * Closes the local connection of {@code clientId} with {@code code} and {@code reason}, on its
   * event loop.
   *
   * @return false when no connection of this process has that id
   */
  boolean disconnect(String clientId, int code, String reason);
}
