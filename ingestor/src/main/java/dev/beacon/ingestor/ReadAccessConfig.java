package dev.beacon.ingestor;

import dev.beacon.runtime.auth.JwtConfig;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Who may read stored positions from the ingestor's API, and from which web origins
 * (docs/security.md, "Reading stored positions").
 *
 * @param mode {@code authenticated} (the default): every {@code /api} read needs a credential;
 *     {@code open}: anyone who reaches the port reads every device ({@code BEACON_INGESTOR_AUTH})
 * @param readToken a static bearer token that reads every device, at least {@value
 *     #MIN_READ_TOKEN_LENGTH} characters; null: none ({@code BEACON_INGESTOR_READ_TOKEN})
 * @param jwt the keys and checks of JWTs, the gateway's {@code BEACON_JWT_*} settings; a token
 *     reads the devices of its {@code read} claim
 * @param allowedOrigins exact origins ({@code scheme://host[:port]}) whose pages may read the API
 *     cross-origin (the web console's); empty: none ({@code BEACON_INGESTOR_ALLOWED_ORIGINS})
 */
public record ReadAccessConfig(
    Mode mode, String readToken, JwtConfig jwt, List<String> allowedOrigins) {

  public static final int MIN_READ_TOKEN_LENGTH = 16;

  /** Whether reads need a credential. */
  public enum Mode {
    OPEN,
    AUTHENTICATED;

    /** {@code open} or {@code authenticated}, any case. */
    public static Mode parse(String value) {
      String name = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
      return Arrays.stream(values())
          .filter(m -> m.name().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "BEACON_INGESTOR_AUTH must be 'authenticated' (the default) or 'open', got '"
                          + value
                          + "'"));
    }
  }

  public ReadAccessConfig {
    Objects.requireNonNull(
        mode, "mode is missing; set BEACON_INGESTOR_AUTH to authenticated or open");
    Objects.requireNonNull(jwt, "jwt is missing; use JwtConfig.off() when no JWT is accepted");
    if (readToken != null
        && (readToken.isBlank() || readToken.strip().length() < MIN_READ_TOKEN_LENGTH)) {
      throw new IllegalArgumentException(
          "BEACON_INGESTOR_READ_TOKEN must be at least "
              + MIN_READ_TOKEN_LENGTH
              + " characters; use a random one such as `openssl rand -hex 24`");
    }
    readToken = readToken == null ? null : readToken.strip();
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedOrigins.forEach(ReadAccessConfig::requireOrigin);
  }

  /**
   * Authenticated, with no credential that can read (every read answers 401), no JWT, no
   * cross-origin page.
   */
  public static ReadAccessConfig defaults() {
    return builder().build();
  }

  /** From settings as given: blank token means none; origins as a comma list. */
  public static ReadAccessConfig of(
      String mode, String readToken, JwtConfig jwt, String allowedOrigins) {
    List<String> origins =
        allowedOrigins == null
            ? List.of()
            : Arrays.stream(allowedOrigins.split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .toList();
    return new ReadAccessConfig(
        Mode.parse(mode),
        readToken == null || readToken.isBlank() ? null : readToken,
        jwt,
        origins);
  }

  /** These settings with {@code origins} allowed too (those already allowed kept, none twice). */
  public ReadAccessConfig allowingOrigins(List<String> origins) {
    List<String> all = new java.util.ArrayList<>(allowedOrigins);
    origins.stream().filter(o -> !all.contains(o)).forEach(all::add);
    return new ReadAccessConfig(mode, readToken, jwt, all);
  }

  /** Whether any credential can read: a read token, or JWT keys. */
  public boolean hasCredential() {
    return readToken != null || jwt.enabled();
  }

  /** A builder holding every default; set what differs and {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ReadAccessConfig}; {@link #build()} validates it. */
  public static final class Builder {
    private Mode mode = Mode.AUTHENTICATED;
    private String readToken;
    private JwtConfig jwt = JwtConfig.off();
    private List<String> allowedOrigins = List.of();

    private Builder() {}

    private Builder(ReadAccessConfig c) {
      mode = c.mode;
      readToken = c.readToken;
      jwt = c.jwt;
      allowedOrigins = c.allowedOrigins;
    }

    public Builder mode(Mode value) {
      mode = value;
      return this;
    }

    /** Null for none. */
    public Builder readToken(String value) {
      readToken = value;
      return this;
    }

    public Builder jwt(JwtConfig value) {
      jwt = value;
      return this;
    }

    public Builder allowedOrigins(List<String> value) {
      allowedOrigins = value;
      return this;
    }

    /** Validates the settings; an invalid one throws IllegalArgumentException naming its knob. */
    public ReadAccessConfig build() {
      return new ReadAccessConfig(mode, readToken, jwt, allowedOrigins);
    }
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "ReadAccessConfig[mode="
        + mode
        + ", readToken="
        + (readToken == null ? "none" : "set")
        + ", jwt="
        + jwt.enabled()
        + ", allowedOrigins="
        + allowedOrigins
        + "]";
  }

  private static void requireOrigin(String origin) {
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      throw badOrigin(origin);
    }
    boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!web
        || uri.getHost() == null
        || uri.getRawPath() == null
        || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || !origin.equals(origin.toLowerCase(Locale.ROOT))) {
      throw badOrigin(origin);
    }
  }

  private static IllegalArgumentException badOrigin(String origin) {
    return new IllegalArgumentException(
        "BEACON_INGESTOR_ALLOWED_ORIGINS: '"
            + origin
            + "' is not an exact origin;"
            + " give scheme://host[:port] in lower case with no path or trailing slash, e.g. http://localhost:8080"
            + " (no wildcards)");
  }
}
