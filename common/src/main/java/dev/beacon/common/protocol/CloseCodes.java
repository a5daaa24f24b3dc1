package dev.beacon.common.protocol;

/**
 * WebSocket close codes Beacon sends, documented in {@code docs/protocol.md}.
 *
 * <p>Codes below 4000 are RFC 6455 codes. Beacon's own codes follow Centrifugo's split: 4000-4499
 * mean "reconnect and carry on" (the condition is transient), 4500-4999 mean "do not reconnect with
 * the same input" (the client must change something first).
 */
public final class CloseCodes {

  /** Server shutting down or draining; reconnect (to any gateway). */
  public static final short GOING_AWAY = 1001;

  /**
   * Reported, never sent: the connection dropped without a close frame (RFC 6455 section 7.1.5).
   */
  public static final short ABNORMAL_CLOSURE = 1006;

  /** A binary frame where text is expected. */
  public static final short UNSUPPORTED_DATA = 1003;

  /** A text frame that is not valid UTF-8 (sent by Netty's frame decoder). */
  public static final short INVALID_PAYLOAD = 1007;

  /** Policy violation. */
  public static final short POLICY_VIOLATION = 1008;

  /** A frame or message above the configured size limit. */
  public static final short MESSAGE_TOO_BIG = 1009;

  /** The gateway hit an unexpected error; reconnect. */
  public static final short INTERNAL_ERROR = 1011;

  /**
   * Disconnected by an operator through the server API or the embedding API when no code was given;
   * the reason says why. Reconnecting is allowed (the operator decides whether the client may come
   * back).
   */
  public static final short DISCONNECTED = 4000;

  /** No pong (nor any other frame) within the heartbeat timeout after a server ping; reconnect. */
  public static final short NO_PONG = 4001;

  /** Too many requests in flight on one connection; reconnect and respect the window. */
  public static final short TOO_MANY_IN_FLIGHT = 4008;

  /**
   * The connection's outgoing queue went above its byte limit; reconnect and recover from the last
   * position.
   */
  public static final short SLOW_CONSUMER = 4010;

  /**
   * The connection's JWT expired and no {@code refresh} replaced it in time; reconnect with a fresh
   * token.
   */
  public static final short TOKEN_EXPIRED = 4011;

  /** The connection sent messages faster than its rate limit allows; reconnect and send slower. */
  public static final short RATE_LIMITED = 4029;

  /**
   * A {@code KEY} frame whose device key is unknown, revoked or malformed, or sent on a connection
   * that already holds an identity or after its first frame; do not reconnect with the same key.
   */
  public static final short INVALID_KEY = 4503;

  // Proxy hooks (docs/proxy.md): the application's backend decides who connects.

  /**
   * The connect hook got no usable answer from the application's backend (refused connection,
   * timeout, an HTTP status not 2xx, a malformed answer, or too many calls in flight); reconnect
   * with backoff.
   */
  public static final short PROXY_UNAVAILABLE = 4040;

  /**
   * The application's backend refused the connection with an {@code error} (its code and message in
   * the reason); do not reconnect with the same credentials. A backend that answers with a {@code
   * disconnect} closes the connection with its own code (4000-4999) instead.
   */
  public static final short PROXY_REFUSED = 4540;

  private CloseCodes() {}
}
