package dev.beacon.gateway.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * JWT authentication at the WebSocket upgrade. With neither key set, authentication is off and every client is
 * anonymous; with either set, every upgrade (devices on {@code /} too) needs a valid token.
 *
 * @param hs256Secret    shared secret for HS256 tokens, at least {@value #MIN_HS256_SECRET_BYTES} bytes of UTF-8
 *                       ({@code BEACON_JWT_HS256_SECRET}); null when HS256 is not accepted
 * @param rs256PublicKey PEM file of the RSA public key ({@code -----BEGIN PUBLIC KEY-----}) for RS256 tokens
 *                       ({@code BEACON_JWT_RS256_PUBLIC_KEY}); null when RS256 is not accepted
 * @param leeway         clock skew tolerated on {@code exp} and {@code nbf} ({@code BEACON_JWT_LEEWAY}, default
 *                       {@link #DEFAULT_LEEWAY}, at most {@link #MAX_LEEWAY})
 */
public record JwtConfig(String hs256Secret, Path rs256PublicKey, Duration leeway) {

  public static final int MIN_HS256_SECRET_BYTES = 32;
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  public JwtConfig {
    if (hs256Secret != null && hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_HS256_SECRET_BYTES) {
      throw new IllegalArgumentException("BEACON_JWT_HS256_SECRET must be at least " + MIN_HS256_SECRET_BYTES
          + " bytes (256 bits, RFC 7518 3.2); use a random secret such as `openssl rand -base64 48`");
    }
    TlsConfig.requireReadable(rs256PublicKey, "BEACON_JWT_RS256_PUBLIC_KEY", "public key");
    if (leeway == null || leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
      throw new IllegalArgumentException("BEACON_JWT_LEEWAY must be between 0s and " + MAX_LEEWAY.toSeconds()
          + "s, got " + leeway);
    }
  }

  /** Authentication off. */
  public static JwtConfig off() {
    return new JwtConfig(null, null, DEFAULT_LEEWAY);
  }

  /** From optional settings: blank or null means not set. */
  public static JwtConfig of(String hs256Secret, String rs256PublicKeyPath, Duration leeway) {
    return new JwtConfig(blankToNull(hs256Secret),
        blankToNull(rs256PublicKeyPath) == null ? null : Path.of(rs256PublicKeyPath.strip()), leeway);
  }

  public boolean enabled() {
    return hs256Secret != null || rs256PublicKey != null;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "JwtConfig[hs256=" + (hs256Secret != null) + ", rs256PublicKey=" + rs256PublicKey + ", leeway=" + leeway + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
