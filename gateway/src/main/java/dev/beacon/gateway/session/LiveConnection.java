package dev.beacon.gateway.session;

import io.vertx.core.Context;

/**
 * One open connection as the {@link ConnectionHub} holds it: found by client id, described to
 * listeners, closed on an operator's command or by a drain. The hub owns connections through this,
 * as centrifuge's {@code Hub} owns its clients; {@link ClientSession} implements it. Its methods
 * other than {@link #clientId()} and {@link #context()} run on {@link #context()} only.
 */
public interface LiveConnection {

  String clientId();

  /** The event loop this connection lives on: touch it only there. */
  Context context();

  /** The connection as it opened. */
  ConnectionInfo info();

  void close(short code, String reason);

  /** Subscribes the connection to {@code room} on the server's behalf (server API). */
  void serverSubscribe(String room);

  /** Unsubscribes the connection from {@code room} on the server's behalf (server API). */
  void serverUnsubscribe(String room);

  /** Graceful stop: reads no more frames, writes the replies still owed, then closes with 1001. */
  void drainThenClose();
}
