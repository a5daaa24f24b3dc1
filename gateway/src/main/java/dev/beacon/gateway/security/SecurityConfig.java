package dev.beacon.gateway.security;

import dev.beacon.runtime.auth.JwtConfig;
import java.util.List;

/**
 * What keeps unwanted clients and hostile input out of a gateway, read once at the edge and
 * validated here. Every limit, its knob and what a client that crosses it gets:
 *
 * <ul>
 *   <li>an {@code Origin} not in {@code allowedOrigins}: upgrade refused with HTTP 403;
 *   <li>a missing, forged or expired JWT when authentication is on: HTTP 401; a token that expires
 *       on an open connection: close {@value dev.beacon.common.protocol.CloseCodes#TOKEN_EXPIRED};
 *   <li>more than {@code maxConnectionsPerIp} connections from one address: HTTP 429;
 *   <li>more than {@code maxHeaders} request headers: HTTP 431; request headers above {@code
 *       maxHeaderSize} bytes: HTTP 431 (Vert.x) before any WebSocket logic runs;
 *   <li>more than {@code rateLimit} messages per second on one connection, beyond a burst of {@code
 *       rateBurst}: close {@value dev.beacon.common.protocol.CloseCodes#RATE_LIMITED};
 *   <li>a message in more than {@code maxFragments} frames: close {@value
 *       dev.beacon.common.protocol.CloseCodes#MESSAGE_TOO_BIG}.
 * </ul>
 *
 * @param tls PEM certificate and key for {@code wss://} ({@code BEACON_TLS_CERT}, {@code
 *     BEACON_TLS_KEY})
 * @param allowedOrigins exact origins ({@code https://app.example.com}) or one-level wildcards
 *     ({@code https://*.example.com}); empty allows any ({@code BEACON_ALLOWED_ORIGINS})
 * @param jwt token verification keys and leeway ({@code BEACON_JWT_*})
 * @param rateLimit messages per second one connection may sustain; 0 turns the limit off ({@code
 *     BEACON_RATE_LIMIT}, default {@value #DEFAULT_RATE_LIMIT})
 * @param rateBurst messages one connection may send at once above the sustained rate ({@code
 *     BEACON_RATE_BURST}, default {@value #DEFAULT_RATE_BURST})
 * @param maxConnectionsPerIp open connections from one client address ({@code
 *     BEACON_MAX_CONNECTIONS_PER_IP}, default {@value #DEFAULT_MAX_CONNECTIONS_PER_IP})
 * @param trustedProxies addresses and CIDR ranges of load balancers whose {@code X-Forwarded-For}
 *     names the client ({@code BEACON_TRUSTED_PROXIES}, default none)
 * @param maxFragments frames one message may span ({@code BEACON_MAX_FRAGMENTS}, default {@value
 *     #DEFAULT_MAX_FRAGMENTS})
 * @param maxHeaders request headers of an upgrade ({@code BEACON_MAX_HEADERS}, default {@value
 *     #DEFAULT_MAX_HEADERS})
 * @param maxHeaderSize bytes of all request headers together ({@code BEACON_MAX_HEADER_SIZE},
 *     default {@value #DEFAULT_MAX_HEADER_SIZE})
 */
public record SecurityConfig(
    TlsConfig tls,
    List<String> allowedOrigins,
    JwtConfig jwt,
    int rateLimit,
    int rateBurst,
    int maxConnectionsPerIp,
    List<String> trustedProxies,
    int maxFragments,
    int maxHeaders,
    int maxHeaderSize) {

  public static final int DEFAULT_RATE_LIMIT = 10_000;
  public static final int DEFAULT_RATE_BURST = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 5_000;
  public static final int DEFAULT_MAX_FRAGMENTS = 128;
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final int DEFAULT_MAX_HEADER_SIZE = 8_192;

  /** Below this a browser's own upgrade request (cookies, user agent) may not fit. */
  public static final int MIN_MAX_HEADER_SIZE = 1_024;

  public SecurityConfig {
    require(tls != null, "TLS settings are missing; pass TlsConfig.off() for plain ws://");
    require(jwt != null, "JWT settings are missing; pass JwtConfig.off() for no authentication");
    allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
    trustedProxies = List.copyOf(trustedProxies == null ? List.of() : trustedProxies);
    OriginPolicy.validate(allowedOrigins);
    TrustedProxies.validate(trustedProxies);
    require(
        rateLimit >= 0,
        "BEACON_RATE_LIMIT must be 0 (off) or messages per second per connection, got "
            + rateLimit);
    require(
        rateLimit == 0 || rateBurst >= 1,
        "BEACON_RATE_BURST must be at least 1 message, got " + rateBurst);
    require(
        maxConnectionsPerIp >= 1,
        "BEACON_MAX_CONNECTIONS_PER_IP must be at least 1, got " + maxConnectionsPerIp);
    require(
        maxFragments >= 1,
        "BEACON_MAX_FRAGMENTS must be at least 1 frame per message, got " + maxFragments);
    require(
        maxHeaders >= 8,
        "BEACON_MAX_HEADERS must be at least 8 (an upgrade request needs about 6), got "
            + maxHeaders);
    require(
        maxHeaderSize >= MIN_MAX_HEADER_SIZE,
        "BEACON_MAX_HEADER_SIZE must be at least "
            + MIN_MAX_HEADER_SIZE
            + " bytes, got "
            + maxHeaderSize);
  }

  /** Plain ws://, any origin, no authentication, and the default limits. */
  public static SecurityConfig defaults() {
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

  /** Builds a {@link SecurityConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private TlsConfig tls = TlsConfig.off();
    private List<String> allowedOrigins = List.of();
    private JwtConfig jwt = JwtConfig.off();
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private int rateBurst = DEFAULT_RATE_BURST;
    private int maxConnectionsPerIp = DEFAULT_MAX_CONNECTIONS_PER_IP;
    private List<String> trustedProxies = List.of();
    private int maxFragments = DEFAULT_MAX_FRAGMENTS;
    private int maxHeaders = DEFAULT_MAX_HEADERS;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;

    private Builder() {}

    private Builder(SecurityConfig c) {
      tls = c.tls;
      allowedOrigins = c.allowedOrigins;
      jwt = c.jwt;
      rateLimit = c.rateLimit;
      rateBurst = c.rateBurst;
      maxConnectionsPerIp = c.maxConnectionsPerIp;
      trustedProxies = c.trustedProxies;
      maxFragments = c.maxFragments;
      maxHeaders = c.maxHeaders;
      maxHeaderSize = c.maxHeaderSize;
    }

    public Builder tls(TlsConfig value) {
      tls = value;
      return this;
    }

    public Builder allowedOrigins(List<String> value) {
      allowedOrigins = value;
      return this;
    }

    public Builder jwt(JwtConfig value) {
      jwt = value;
      return this;
    }

    /** Messages per second per connection; 0 for no limit. */
    public Builder rateLimit(int value) {
      rateLimit = value;
      return this;
    }

    public Builder rateBurst(int value) {
      rateBurst = value;
      return this;
    }

    public Builder maxConnectionsPerIp(int value) {
      maxConnectionsPerIp = value;
      return this;
    }

    public Builder trustedProxies(List<String> value) {
      trustedProxies = value;
      return this;
    }

    public Builder maxFragments(int value) {
      maxFragments = value;
      return this;
    }

    public Builder maxHeaders(int value) {
      maxHeaders = value;
      return this;
    }

    public Builder maxHeaderSize(int value) {
      maxHeaderSize = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public SecurityConfig build() {
      return new SecurityConfig(
          tls,
          allowedOrigins,
          jwt,
          rateLimit,
          rateBurst,
          maxConnectionsPerIp,
          trustedProxies,
          maxFragments,
          maxHeaders,
          maxHeaderSize);
    }
  }

  /** Splits a comma-separated setting into its trimmed, non-empty items. */
  public static List<String> commaList(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
