package dev.beacon.server.cli;

import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.gateway.security.TlsConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The gateway's TLS, Origin allow-list, JWT authentication and abuse limits (docs/security.md). */
public final class SecurityOptions {

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:BEACON_TLS_CERT:-}",
      description =
          "PEM certificate chain; with --tls-key the gateway serves wss:// only (env BEACON_TLS_CERT, default none).")
  String tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:BEACON_TLS_KEY:-}",
      description = "PEM private key of --tls-cert (env BEACON_TLS_KEY, default none).")
  String tlsKey;

  @Option(
      names = "--allowed-origins",
      defaultValue = "${env:BEACON_ALLOWED_ORIGINS:-}",
      description =
          "Comma list of origins allowed to upgrade, e.g. https://app.example.com,https://*.example.com; "
              + "others get HTTP 403; empty allows any (env BEACON_ALLOWED_ORIGINS, default empty).")
  String allowedOrigins;

  /** Also read by the ingestor, which checks the same tokens ({@code read} claim). */
  @Mixin JwtOptions jwt;

  @Option(
      names = "--rate-limit",
      defaultValue = "${env:BEACON_RATE_LIMIT:-10000}",
      description =
          "Messages per second one connection may sustain; faster closes with 4029; 0 = off "
              + "(env BEACON_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(
      names = "--rate-burst",
      defaultValue = "${env:BEACON_RATE_BURST:-10000}",
      description =
          "Messages one connection may send at once above the rate (env BEACON_RATE_BURST, default ${DEFAULT-VALUE}).")
  int rateBurst;

  @Option(
      names = "--max-connections-per-ip",
      defaultValue = "${env:BEACON_MAX_CONNECTIONS_PER_IP:-5000}",
      description =
          "Open connections from one client address; more get HTTP 429 "
              + "(env BEACON_MAX_CONNECTIONS_PER_IP, default ${DEFAULT-VALUE}).")
  int maxConnectionsPerIp;

  @Option(
      names = "--trusted-proxies",
      defaultValue = "${env:BEACON_TRUSTED_PROXIES:-}",
      description =
          "Comma list of load balancer addresses whose X-Forwarded-For names the client "
              + "(env BEACON_TRUSTED_PROXIES, default none).")
  String trustedProxies;

  @Option(
      names = "--max-fragments",
      defaultValue = "${env:BEACON_MAX_FRAGMENTS:-128}",
      description =
          "Frames one message may span; more closes with 1009 (env BEACON_MAX_FRAGMENTS, default ${DEFAULT-VALUE}).")
  int maxFragments;

  @Option(
      names = "--max-headers",
      defaultValue = "${env:BEACON_MAX_HEADERS:-100}",
      description =
          "Request headers of an upgrade; more get HTTP 431 (env BEACON_MAX_HEADERS, default ${DEFAULT-VALUE}).")
  int maxHeaders;

  @Option(
      names = "--max-header-size",
      defaultValue = "${env:BEACON_MAX_HEADER_SIZE:-8192}",
      description =
          "Bytes of all request headers; more get HTTP 431 (env BEACON_MAX_HEADER_SIZE, default ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  public SecurityConfig config() {
    return new SecurityConfig(
        TlsConfig.of(tlsCert, tlsKey),
        SecurityConfig.commaList(allowedOrigins),
        jwt.config(),
        rateLimit,
        rateBurst,
        maxConnectionsPerIp,
        SecurityConfig.commaList(trustedProxies),
        maxFragments,
        maxHeaders,
        maxHeaderSize);
  }
}
