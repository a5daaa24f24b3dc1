package dev.beacon.gateway;

import java.time.Duration;

/**
 * Server-initiated WebSocket pings. Every {@code interval} a connection that has been quiet is pinged; one that
 * sends nothing (no pong, no frame) for {@code timeout} after a ping is closed with
 * {@link dev.beacon.common.protocol.CloseCodes#NO_PONG}. This finds half-open connections (a phone that lost
 * its network, a NAT that forgot the flow) that TCP alone would keep for hours.
 *
 * @param interval how often a quiet connection is pinged ({@code BEACON_HEARTBEAT_INTERVAL}, default 25 s);
 *                 zero turns heartbeats off
 * @param timeout  how long a pinged connection may stay silent ({@code BEACON_HEARTBEAT_TIMEOUT}, default 10 s)
 */
public record Heartbeat(Duration interval, Duration timeout) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(25);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public Heartbeat {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("BEACON_HEARTBEAT_INTERVAL must be zero (off) or positive, got " + interval);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("BEACON_HEARTBEAT_TIMEOUT must be positive, got " + timeout);
    }
  }

  public static Heartbeat defaults() {
    return new Heartbeat(DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
  }

  public static Heartbeat off() {
    return new Heartbeat(Duration.ZERO, DEFAULT_TIMEOUT);
  }

  public boolean enabled() {
    return !interval.isZero();
  }

  /** How often the sweep looks at the connections: fine enough for both settings, never busier than 10/s. */
  long sweepPeriodMillis() {
    long finest = Math.min(interval.toMillis(), timeout.toMillis());
    return Math.max(100, Math.min(1000, finest / 4));
  }
}
