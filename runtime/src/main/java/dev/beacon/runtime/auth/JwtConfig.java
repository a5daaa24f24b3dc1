package dev.beacon.runtime.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * JWT authentication at the WebSocket upgrade. With no key source set, authentication is off and
 * every client is anonymous; with any set, every upgrade (devices on {@code /} too) needs a valid
 * token.
 *
 * @param hs256Secret shared secret for HS256 tokens, at least {@value #MIN_HS256_SECRET_BYTES}
 *     bytes of UTF-8 ({@code BEACON_JWT_HS256_SECRET}); null when HS256 is not accepted
 * @param rs256PublicKey PEM file of the RSA public key ({@code -----BEGIN PUBLIC KEY-----}) for
 *     RS256 tokens ({@code BEACON_JWT_RS256_PUBLIC_KEY}); null when none
 * @param es256PublicKey PEM file of a P-256 EC public key for ES256 tokens ({@code
 *     BEACON_JWT_ES256_PUBLIC_KEY}); null when none
 * @param jwksUrl the identity provider's JSON Web Key Set ({@code BEACON_JWT_JWKS_URL}): RS256 and
 *     ES256 keys chosen by the token's {@code kid}, fetched again when a token names a {@code kid}
 *     it does not hold (at most once per {@code jwksMinRefresh}); https, or http to a loopback host
 * @param issuer the {@code iss} every token must carry exactly ({@code BEACON_JWT_ISSUER}); null:
 *     not checked
 * @param audience a value the token's {@code aud} must contain ({@code BEACON_JWT_AUDIENCE}); null:
 *     not checked
 * @param leeway clock skew tolerated on {@code exp} and {@code nbf} ({@code BEACON_JWT_LEEWAY},
 *     default {@link #DEFAULT_LEEWAY}, at most {@link #MAX_LEEWAY})
 * @param jwksMinRefresh least time between two fetches of the key set ({@code
 *     BEACON_JWT_JWKS_MIN_REFRESH}, default {@link #DEFAULT_JWKS_MIN_REFRESH}): a flood of tokens
 *     with made-up {@code kid}s costs the identity provider one request per this interval
 */
public record JwtConfig(
    String hs256Secret,
    Path rs256PublicKey,
    Path es256PublicKey,
    URI jwksUrl,
    String issuer,
    String audience,
    Duration leeway,
    Duration jwksMinRefresh) {

  public static final int MIN_HS256_SECRET_BYTES = 32;
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_MIN_REFRESH = Duration.ofSeconds(30);

  public JwtConfig {
    if (hs256Secret != null
        && hs256Secret.getBytes(StandardCharsets.UTF_8).length < MIN_HS256_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "BEACON_JWT_HS256_SECRET must be at least "
              + MIN_HS256_SECRET_BYTES
              + " bytes (256 bits, RFC 7518 3.2); use a random secret such as `openssl rand -base64 48`");
    }
    PemFiles.requireReadable(rs256PublicKey, "BEACON_JWT_RS256_PUBLIC_KEY", "public key");
    PemFiles.requireReadable(es256PublicKey, "BEACON_JWT_ES256_PUBLIC_KEY", "public key");
    requireUsableJwksUrl(jwksUrl);
    if (leeway == null || leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
      throw new IllegalArgumentException(
          "BEACON_JWT_LEEWAY must be between 0s and "
              + MAX_LEEWAY.toSeconds()
              + "s, got "
              + leeway);
    }
    if (jwksMinRefresh == null || jwksMinRefresh.isNegative()) {
      throw new IllegalArgumentException(
          "BEACON_JWT_JWKS_MIN_REFRESH must be a duration of 0s or more, got " + jwksMinRefresh);
    }
    if ((issuer != null || audience != null)
        && hs256Secret == null
        && rs256PublicKey == null
        && es256PublicKey == null
        && jwksUrl == null) {
      throw new IllegalArgumentException(
          "BEACON_JWT_ISSUER and BEACON_JWT_AUDIENCE need a key to check tokens with: "
              + "set BEACON_JWT_JWKS_URL, BEACON_JWT_RS256_PUBLIC_KEY, BEACON_JWT_ES256_PUBLIC_KEY or "
              + "BEACON_JWT_HS256_SECRET too");
    }
  }

  /** Authentication off. */
  public static JwtConfig off() {
    return builder().build();
  }

  /**
   * From every optional setting: blank or null means not set; a null refresh interval means the
   * default.
   */
  public static JwtConfig of(
      String hs256Secret,
      String rs256PublicKeyPath,
      String es256PublicKeyPath,
      String jwksUrl,
      String issuer,
      String audience,
      Duration leeway,
      Duration jwksMinRefresh) {
    return new JwtConfig(
        blankToNull(hs256Secret),
        path(rs256PublicKeyPath),
        path(es256PublicKeyPath),
        uri(jwksUrl),
        stripped(issuer),
        stripped(audience),
        leeway,
        jwksMinRefresh == null ? DEFAULT_JWKS_MIN_REFRESH : jwksMinRefresh);
  }

  /**
   * A builder holding every default: no key source (authentication off), no {@code iss}/{@code aud}
   * checks, the default leeway and key set refresh; set what differs and {@link Builder#build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link JwtConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private String hs256Secret;
    private Path rs256PublicKey;
    private Path es256PublicKey;
    private URI jwksUrl;
    private String issuer;
    private String audience;
    private Duration leeway = DEFAULT_LEEWAY;
    private Duration jwksMinRefresh = DEFAULT_JWKS_MIN_REFRESH;

    private Builder() {}

    private Builder(JwtConfig c) {
      hs256Secret = c.hs256Secret;
      rs256PublicKey = c.rs256PublicKey;
      es256PublicKey = c.es256PublicKey;
      jwksUrl = c.jwksUrl;
      issuer = c.issuer;
      audience = c.audience;
      leeway = c.leeway;
      jwksMinRefresh = c.jwksMinRefresh;
    }

    public Builder hs256Secret(String value) {
      hs256Secret = value;
      return this;
    }

    public Builder rs256PublicKey(Path value) {
      rs256PublicKey = value;
      return this;
    }

    public Builder es256PublicKey(Path value) {
      es256PublicKey = value;
      return this;
    }

    public Builder jwksUrl(URI value) {
      jwksUrl = value;
      return this;
    }

    /** Null: not checked. */
    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    /** Null: not checked. */
    public Builder audience(String value) {
      audience = value;
      return this;
    }

    public Builder leeway(Duration value) {
      leeway = value;
      return this;
    }

    public Builder jwksMinRefresh(Duration value) {
      jwksMinRefresh = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public JwtConfig build() {
      return new JwtConfig(
          hs256Secret,
          rs256PublicKey,
          es256PublicKey,
          jwksUrl,
          issuer,
          audience,
          leeway,
          jwksMinRefresh);
    }
  }

  public boolean enabled() {
    return hs256Secret != null
        || rs256PublicKey != null
        || es256PublicKey != null
        || jwksUrl != null;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "JwtConfig[hs256="
        + (hs256Secret != null)
        + ", rs256PublicKey="
        + rs256PublicKey
        + ", es256PublicKey="
        + es256PublicKey
        + ", jwksUrl="
        + jwksUrl
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", leeway="
        + leeway
        + "]";
  }

  private static void requireUsableJwksUrl(URI url) {
    if (url == null) {
      return;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost() == null ? "" : url.getHost();
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new IllegalArgumentException(
          "BEACON_JWT_JWKS_URL must be an https:// URL (http:// only to localhost), "
              + "got '"
              + url
              + "'; use your identity provider's jwks_uri, e.g. https://example.auth0.com/.well-known/jwks.json");
    }
  }

  private static URI uri(String value) {
    if (blankToNull(value) == null) {
      return null;
    }
    try {
      return URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "BEACON_JWT_JWKS_URL is not a URL: '"
              + value
              + "'; use your identity provider's jwks_uri");
    }
  }

  private static Path path(String value) {
    return blankToNull(value) == null ? null : Path.of(value.strip());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String stripped(String value) {
    return blankToNull(value) == null ? null : value.strip();
  }
}
