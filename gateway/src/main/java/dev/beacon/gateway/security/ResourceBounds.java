package dev.beacon.gateway.security;

import dev.beacon.runtime.http.HttpTimeouts;
import java.time.Duration;

/**
 * How much a client can make a gateway hold beyond its own connection's limits, and for how long
 * (docs/security.md, "Bounded resources").
 *
 * @param http idle and header-read timeouts of the public and internal ports ({@code
 *     BEACON_HTTP_IDLE_TIMEOUT}, {@code BEACON_HTTP_HEADER_TIMEOUT})
 * @param maxRecoveryReaders Kafka consumers replaying history for {@code subscribe} with {@code
 *     since} at once in this gateway process ({@code BEACON_MAX_RECOVERY_READERS}, default {@value
 *     #DEFAULT_MAX_RECOVERY_READERS}); one more is refused with error {@code recovery_busy}
 * @param maxRecoveriesPerConnection recoveries one connection may have in flight ({@code
 *     BEACON_MAX_RECOVERIES_PER_CONNECTION}, default {@value
 *     #DEFAULT_MAX_RECOVERIES_PER_CONNECTION}); one more: {@code recovery_busy}
 * @param adminMaxFailures wrong or missing admin tokens one address may send per window before its
 *     admin requests get 429 ({@code BEACON_ADMIN_MAX_FAILURES}, default {@value
 *     #DEFAULT_ADMIN_MAX_FAILURES})
 * @param adminFailureWindow the window of {@code adminMaxFailures}, and how long the 429 lasts
 *     ({@code BEACON_ADMIN_FAILURE_WINDOW}, default 1 min)
 */
public record ResourceBounds(
    HttpTimeouts http,
    int maxRecoveryReaders,
    int maxRecoveriesPerConnection,
    int adminMaxFailures,
    Duration adminFailureWindow) {

  /**
   * Each reader is a KafkaConsumer with its own fetch buffers and a worker thread for up to the ack
   * timeout: a few at once serve reconnect waves (each replays at most 1000 deliveries) without a
   * burst of them exhausting the pool.
   */
  public static final int DEFAULT_MAX_RECOVERY_READERS = 4;

  public static final int DEFAULT_MAX_RECOVERIES_PER_CONNECTION = 2;
  public static final int DEFAULT_ADMIN_MAX_FAILURES = 10;
  public static final Duration DEFAULT_ADMIN_FAILURE_WINDOW = Duration.ofMinutes(1);

  public ResourceBounds {
    require(http != null, "HTTP timeouts are missing; pass HttpTimeouts.defaults()");
    require(
        maxRecoveryReaders >= 1,
        "BEACON_MAX_RECOVERY_READERS must be at least 1, got " + maxRecoveryReaders);
    require(
        maxRecoveriesPerConnection >= 1,
        "BEACON_MAX_RECOVERIES_PER_CONNECTION must be at least 1, got "
            + maxRecoveriesPerConnection);
    require(
        adminMaxFailures >= 1,
        "BEACON_ADMIN_MAX_FAILURES must be at least 1, got " + adminMaxFailures);
    require(
        adminFailureWindow != null
            && adminFailureWindow.toMillis() >= 1000
            && adminFailureWindow.compareTo(Duration.ofDays(1)) <= 0,
        "BEACON_ADMIN_FAILURE_WINDOW must be between 1s and 1d (e.g. 1m), got "
            + adminFailureWindow);
  }

  public static ResourceBounds defaults() {
    return builder().build();
  }

  /** A builder holding every default; set what differs and {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ResourceBounds}; {@link #build()} validates it. */
  public static final class Builder {
    private HttpTimeouts http = HttpTimeouts.defaults();
    private int maxRecoveryReaders = DEFAULT_MAX_RECOVERY_READERS;
    private int maxRecoveriesPerConnection = DEFAULT_MAX_RECOVERIES_PER_CONNECTION;
    private int adminMaxFailures = DEFAULT_ADMIN_MAX_FAILURES;
    private Duration adminFailureWindow = DEFAULT_ADMIN_FAILURE_WINDOW;

    private Builder() {}

    private Builder(ResourceBounds c) {
      http = c.http;
      maxRecoveryReaders = c.maxRecoveryReaders;
      maxRecoveriesPerConnection = c.maxRecoveriesPerConnection;
      adminMaxFailures = c.adminMaxFailures;
      adminFailureWindow = c.adminFailureWindow;
    }

    public Builder http(HttpTimeouts value) {
      http = value;
      return this;
    }

    public Builder maxRecoveryReaders(int value) {
      maxRecoveryReaders = value;
      return this;
    }

    public Builder maxRecoveriesPerConnection(int value) {
      maxRecoveriesPerConnection = value;
      return this;
    }

    public Builder adminMaxFailures(int value) {
      adminMaxFailures = value;
      return this;
    }

    public Builder adminFailureWindow(Duration value) {
      adminFailureWindow = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public ResourceBounds build() {
      return new ResourceBounds(
          http,
          maxRecoveryReaders,
          maxRecoveriesPerConnection,
          adminMaxFailures,
          adminFailureWindow);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
