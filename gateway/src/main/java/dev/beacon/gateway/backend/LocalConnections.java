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

  /**
   * Subscribes the local connection of {@code clientId} to {@code room} on the server's behalf, on
   * its event loop.
   *
   * @return false when no connection of this process has that id
   */
  boolean subscribe(String clientId, String room);

  /** Unsubscribes the local connection of {@code clientId} from {@code room}, on its event loop. */
  boolean unsubscribe(String clientId, String room);
}
