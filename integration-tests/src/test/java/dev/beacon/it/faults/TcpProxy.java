package dev.beacon.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy a test can cut: while cut, it is a black hole (connections stay open, bytes
 * in either direction are swallowed, new connections are accepted and never reach the target), as
 * when a network link fails without resets. {@link #restore()} closes the connections the cut
 * spoiled, so clients reconnect through it cleanly.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  private TcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  public static TcpProxy start(int listenPort, int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
      TcpProxy proxy = new TcpProxy(server, targetPort);
      Thread acceptor = new Thread(proxy::acceptLoop, "proxy-accept-" + listenPort);
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + listenPort, e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on nothing passes, in either direction, on old or new connections. */
  public void cut() {
    cut = true;
    links.forEach(link -> link.spoiled = true);
  }

  /** Lets new connections through again and closes the ones the cut spoiled. */
  public void restore() {
    cut = false;
    for (Link link : links) {
      if (link.spoiled) {
        link.close();
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Link link = new Link(client);
        links.add(link);
        if (cut) {
          link.spoiled = true;
          link.pump(client, null);
        } else {
          link.connect();
        }
      } catch (IOException e) {
        // closed, or one failed connection: keep accepting until closed
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    links.forEach(Link::close);
  }

  /** One proxied connection and its two pumps. */
  private final class Link {
    private final Socket client;
    private volatile Socket target;
    private volatile boolean spoiled;

    Link(Socket client) {
      this.client = client;
    }

    void connect() throws IOException {
      try {
        target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      } catch (IOException e) {
        close();
        throw e;
      }
      pump(client, target);
      pump(target, client);
    }

    /** Copies {@code from} to {@code to} until either closes; swallows the bytes once spoiled. */
    void pump(Socket from, Socket to) {
      Thread thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream()) {
                  OutputStream out = to == null ? null : to.getOutputStream();
                  for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!spoiled && out != null) {
                      out.write(buffer, 0, n);
                    }
                  }
                } catch (IOException e) {
                  // one side closed
                } finally {
                  close();
                }
              },
              "proxy-pump");
      thread.setDaemon(true);
      thread.start();
    }

    void close() {
      links.remove(this);
      closeQuietly(client);
      closeQuietly(target);
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
