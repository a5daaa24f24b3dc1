package dev.beacon.server.cli;

import dev.beacon.runtime.auth.JwtConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How JWTs are checked ({@code BEACON_JWT_*}): by the gateway at the WebSocket upgrade, and by the
 * ingestor on its read API, so one set of settings serves both.
 */
public final class JwtOptions {

  @Option(
      names = "--jwt-hs256-secret",
      defaultValue = "${env:BEACON_JWT_HS256_SECRET:-}",
      description =
          "Secret (at least 32 bytes) of HS256 tokens; setting it or any other --jwt-* key makes a JWT "
              + "mandatory, else HTTP 401 (env BEACON_JWT_HS256_SECRET, default none). Prefer the env var: flags show in ps.")
  String jwtHs256Secret;

  @Option(
      names = "--jwt-rs256-public-key",
      defaultValue = "${env:BEACON_JWT_RS256_PUBLIC_KEY:-}",
      description =
          "PEM file of the RSA public key of RS256 tokens (env BEACON_JWT_RS256_PUBLIC_KEY, default none).")
  String jwtRs256PublicKey;

  @Option(
      names = "--jwt-es256-public-key",
      defaultValue = "${env:BEACON_JWT_ES256_PUBLIC_KEY:-}",
      description =
          "PEM file of the P-256 EC public key of ES256 tokens (env BEACON_JWT_ES256_PUBLIC_KEY, default none).")
  String jwtEs256PublicKey;

  @Option(
      names = "--jwt-jwks-url",
      defaultValue = "${env:BEACON_JWT_JWKS_URL:-}",
      description =
          "The identity provider's JWKS (jwks_uri), https://; RS256/ES256 keys chosen by kid and fetched "
              + "again on an unknown kid (env BEACON_JWT_JWKS_URL, default none).")
  String jwtJwksUrl;

  @Option(
      names = "--jwt-jwks-min-refresh",
      defaultValue = "${env:BEACON_JWT_JWKS_MIN_REFRESH:-30s}",
      converter = DurationConverter.class,
      description =
          "Least time between two fetches of the JWKS (env BEACON_JWT_JWKS_MIN_REFRESH, default ${DEFAULT-VALUE}).")
  Duration jwtJwksMinRefresh;

  @Option(
      names = "--jwt-issuer",
      defaultValue = "${env:BEACON_JWT_ISSUER:-}",
      description =
          "The iss every token must carry, e.g. https://example.auth0.com/ (env BEACON_JWT_ISSUER, default not checked).")
  String jwtIssuer;

  @Option(
      names = "--jwt-audience",
      defaultValue = "${env:BEACON_JWT_AUDIENCE:-}",
      description =
          "A value every token's aud must contain (env BEACON_JWT_AUDIENCE, default not checked).")
  String jwtAudience;

  @Option(
      names = "--jwt-leeway",
      defaultValue = "${env:BEACON_JWT_LEEWAY:-5s}",
      converter = DurationConverter.class,
      description =
          "Clock skew tolerated on a token's exp and nbf (env BEACON_JWT_LEEWAY, default ${DEFAULT-VALUE}).")
  Duration jwtLeeway;

  public JwtConfig config() {
    return JwtConfig.of(
        jwtHs256Secret,
        jwtRs256PublicKey,
        jwtEs256PublicKey,
        jwtJwksUrl,
        jwtIssuer,
        jwtAudience,
        jwtLeeway,
        jwtJwksMinRefresh);
  }
}
