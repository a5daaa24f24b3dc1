package dev.beacon.gateway.session;

import java.time.Duration;

/**
 * Server-initiated WebSocket pings: the gateway's check that a client is still there. (The
 * gateway's presence heartbeat, every {@code BEACON_PRESENCE_PERIOD}, is the other way round: it
 * tells the cluster the gateway is.) Every {@code interval} a connection that has been quiet is
 * pinged; one that sends nothing (no pong, no frame) for {@code timeout} after a ping is closed
 * with {@link dev.beacon.common.protocol.CloseCodes#NO_PONG}. This finds half-open connections (a
 * phone that lost its network, a NAT that forgot the flow) that TCP alone would keep for hours. The
 * settings keep their names {@code BEACON_HEARTBEAT_*}.
 *
 * @param interval how often a quiet connection is pinged ({@code BEACON_HEARTBEAT_INTERVAL},
 *     default 25 s); zero turns pings off
 * @param timeout how long a pinged connection may stay silent ({@code BEACON_HEARTBEAT_TIMEOUT},
 *     default 10 s)
 */
public record ClientPings(Duration interval, Duration timeout) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(25);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public ClientPings {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException(
          "BEACON_HEARTBEAT_INTERVAL must be zero (off) or positive, got " + interval);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "BEACON_HEARTBEAT_TIMEOUT must be positive, got " + timeout);
    }
  }

  public static ClientPings defaults() {
    return new ClientPings(DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
  }

  public static ClientPings off() {
    return new ClientPings(Duration.ZERO, DEFAULT_TIMEOUT);
  }

  public boolean enabled() {
    return !interval.isZero();
  }

  /**
   * How often the sweep looks at the connections: fine enough for both settings, never busier than
   * 10/s.
   */
  long sweepPeriodMillis() {
    long finest = Math.min(interval.toMillis(), timeout.toMillis());
    return Math.max(100, Math.min(1000, finest / 4));
  }
}
