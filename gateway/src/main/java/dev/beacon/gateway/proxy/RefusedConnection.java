package dev.beacon.gateway.proxy;

import dev.beacon.gateway.edge.ClientSocket;

/**
 * A socket the connect hook refused, while its close handshake runs: it reads nothing the client
 * sends, and gives back what the connection held ({@code release}) once the socket has closed.
 */
final class RefusedConnection implements ClientSocket.Listener {

  private final Runnable release;
  private boolean released;

  RefusedConnection(Runnable release) {
    this.release = release;
  }

  @Override
  public void onText(String text) {}

  @Override
  public void onViolation(short closeCode, String reason) {}

  @Override
  public void onHeard() {}

  @Override
  public void onWritable() {}

  @Override
  public void onShutdown() {}

  @Override
  public void onClosed(short code, String reason) {
    if (!released) {
      released = true;
      release.run();
    }
  }
}
