package dev.beacon.gateway.session;

/**
 * Observes the connections of one gateway process: for applications that embed a gateway. Called on
 * the connection's event loop: a listener must return quickly and never block (hand slow work to a
 * worker). A listener that throws is logged and does not affect the connection.
 */
public interface ConnectionListener {

  /** Does nothing: the default of a gateway that nobody embeds. */
  ConnectionListener NONE = new ConnectionListener() {};

  /** The connection is open. */
  default void onConnect(ConnectionInfo connection) {}

  /** The client sent a text message (after the gateway handled it as usual: fix, chat, ...). */
  default void onMessage(ConnectionInfo connection, String text) {}

  /**
   * The connection is closed, however it ended.
   *
   * @param code the close code, sent or received; 1006 when the connection dropped without one
   * @param reason the close reason, possibly empty
   */
  default void onDisconnect(ConnectionInfo connection, int code, String reason) {}
}
