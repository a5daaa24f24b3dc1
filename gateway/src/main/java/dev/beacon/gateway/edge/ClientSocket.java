package dev.beacon.gateway.edge;

import java.util.List;
import java.util.Map;

/**
 * What a session needs from its WebSocket: one implementation, {@link NettyClientSocket}, on the
 * Netty channel the upgrade came in on. Every method must be called on the channel's event loop
 * (the session's Vert.x context runs there), and every {@link Listener} call arrives on it.
 */
public interface ClientSocket {

  /** What the socket tells its session. */
  interface Listener {

    /** A complete text message, reassembled from its fragments and checked to be UTF-8. */
    void onText(String text);

    /** The client broke a rule ({@code closeCode} says which); the session closes with it. */
    void onViolation(short closeCode, String reason);

    /** Any frame arrived, data or control: the client is alive. */
    void onHeard();

    /**
     * A ping, pong or close frame arrived: it costs the server as much as a data frame (a pong is
     * written for each ping), so it counts against the same rate limit. Called before the frame is
     * answered; a listener that closes the connection here stops the answer.
     */
    default void onControlFrame() {}

    /** The socket can take writes again after {@link #writable()} said no. */
    void onWritable();

    /** The gateway is shutting down: finish what is owed, then close. */
    void onShutdown();

    /**
     * The connection ended, once, however it ended: the close code sent or received, 1006 without
     * one.
     */
    void onClosed(short code, String reason);
  }

  /** Starts reading: from now on frames and events go to {@code listener}. */
  void start(Listener listener);

  /**
   * Writes a text message (a reply) behind what was written before; when it would take the
   * connection's queued bytes above {@link EdgeLimits#maxQueuedBytes()}, writes nothing and tells
   * the listener ({@link Listener#onViolation} with {@code 4010}).
   */
  void writeText(String text);

  /**
   * Writes a delivery's frame, encoded once for all its recipients, fragmented above the frame
   * limit; like {@link #writeText}, nothing is written and the listener told (4010) when it would
   * not fit in the queue.
   */
  void writeDelivery(OutboundFrame frame);

  /** A server ping ({@code ClientPings}): the client answers with a pong. */
  void ping();

  /**
   * Starts the closing handshake with {@code code} and {@code reason} (at most 123 bytes of UTF-8).
   */
  void close(short code, String reason);

  /**
   * Bytes written to the connection that the client has not read yet (held by the server, not yet
   * taken by the kernel): at most {@link EdgeLimits#maxQueuedBytes()}.
   */
  long queuedBytes();

  /**
   * False while the outbound buffer is above its high water mark, until {@link
   * Listener#onWritable()}.
   */
  boolean writable();

  /** Stops reading frames until {@link #resumeReading()}. */
  void pauseReading();

  void resumeReading();

  /** {@code host:port} of the peer as the gateway saw it. */
  String remoteAddress();

  /** The upgrade path, e.g. {@code /chat}. */
  String path();

  /** The handshake headers, names in lower case, values in order: built when asked, not kept. */
  Map<String, List<String>> headers();
}
