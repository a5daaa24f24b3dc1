package dev.beacon.runtime.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies JWS tokens with Nimbus JOSE+JWT (HS256, RS256, ES256; keys from the settings and from a
 * JWKS URL chosen by {@code kid}), then applies Beacon's own claim rules ({@link TokenClaims}).
 * Refuses {@code alg} none and any algorithm whose key is not configured, a {@code crit} header
 * (Beacon understands no JWS extension, RFC 7515 4.1.11), a bad signature, a missing or past {@code
 * exp}, a future {@code nbf} (both with the leeway), a wrong {@code iss} or {@code aud} when those
 * are set, and a {@code sub} that is not a client id ({@link
 * dev.beacon.common.protocol.ClientIds}). Thread-safe; {@link #verify} never does I/O, {@link
 * #verifyFetchingKeys} may fetch the key set once.
 */
public final class JwtVerifier {

  /**
   * {@code typ} values accepted: none, {@code JWT}, and the OAuth access-token type of RFC 9068.
   */
  private static final Set<JOSEObjectType> TYPES =
      Set.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"));

  private final JwtConfig config;
  private final List<JWK> localKeys;
  private final JwksKeys jwks;
  private final Set<JWSAlgorithm> accepted;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Clock clock;

  public JwtVerifier(JwtConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.localKeys = localKeys(config);
    this.jwks =
        config.jwksUrl() == null ? null : new JwksKeys(config.jwksUrl(), config.jwksMinRefresh());
    this.accepted = accepted(config);
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(withNull(TYPES)));
    processor.setJWSKeySelector((header, context) -> candidateKeys(header));
    processor.setJWTClaimsSetVerifier(null);
  }

  /**
   * A verifier of {@code config}'s keys on the system clock; fails with a clear message on an
   * unreadable key.
   */
  public static JwtVerifier of(JwtConfig config) {
    return new JwtVerifier(config, Clock.systemUTC());
  }

  /** Starts fetching the key set, when there is one, so the first client does not wait for it. */
  public void prefetch() {
    if (jwks != null) {
      jwks.refresh();
    }
  }

  /** The claims of a valid token, against the keys in memory. */
  public TokenClaims verify(String token) throws TokenRejectedException {
    if (token == null || token.isBlank()) {
      throw new TokenRejectedException(
          "no token: send Authorization: Bearer <jwt>, or ?token=<jwt> from a browser");
    }
    SignedJWT jwt = parse(token);
    JWSHeader header = jwt.getHeader();
    if (!accepted.contains(header.getAlgorithm())) {
      throw notAccepted(header.getAlgorithm());
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw new TokenRejectedException(
          "header 'crit' names "
              + header.getCriticalParams()
              + ", extensions this gateway does not understand (RFC 7515 4.1.11); send a token without 'crit'");
    }
    boolean kidUnknown =
        jwks != null && header.getKeyID() != null && !jwks.holds(header.getKeyID());
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJWSException e) {
      throw keyRejection(
          header, kidUnknown, "bad signature: the token was not signed with this gateway's key");
    } catch (BadJWTException e) {
      throw new TokenRejectedException(
          "the JWT payload is not a valid claims set: " + e.getMessage());
    } catch (BadJOSEException | JOSEException e) {
      throw keyRejection(
          header,
          kidUnknown,
          "no key of this gateway fits the token (alg "
              + header.getAlgorithm()
              + ", kid "
              + header.getKeyID()
              + "): "
              + e.getMessage());
    }
    return new TokenClaimRules(config, clock.millis() / 1000).claims(claims);
  }

  private TokenRejectedException keyRejection(JWSHeader header, boolean kidUnknown, String reason) {
    if (kidUnknown) {
      return new TokenRejectedException(
          "unknown key: kid '"
              + header.getKeyID()
              + "' is not in the key set of "
              + config.jwksUrl(),
          true);
    }
    return new TokenRejectedException(reason);
  }

  /**
   * Like {@link #verify}, but a token that names a {@code kid} not in the key set has the set
   * fetched again (at most once per {@link JwtConfig#jwksMinRefresh()}) before it is judged. The
   * stage completes on an HTTP client thread when a fetch was needed, at once otherwise.
   */
  public CompletionStage<TokenClaims> verifyFetchingKeys(String token) {
    try {
      return CompletableFuture.completedFuture(verify(token));
    } catch (TokenRejectedException e) {
      if (!e.unknownKey()) {
        return CompletableFuture.failedFuture(e);
      }
      return jwks.refresh()
          .thenApply(
              fetched -> {
                try {
                  return verify(token);
                } catch (TokenRejectedException again) {
                  throw new java.util.concurrent.CompletionException(again);
                }
              });
    }
  }

  /** Seconds of clock skew tolerated on {@code exp} and {@code nbf}. */
  public long leewaySeconds() {
    return config.leeway().toSeconds();
  }

  /** Key set fetches so far; 0 without a JWKS URL. */
  int keySetFetches() {
    return jwks == null ? 0 : jwks.fetches();
  }

  private SignedJWT parse(String token) throws TokenRejectedException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenRejectedException("not a JWT: expected header.payload.signature");
    }
    try {
      Header header = Header.parse(new Base64URL(parts[0]));
      if (!(header instanceof JWSHeader)) {
        throw notAccepted(header.getAlgorithm());
      }
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new TokenRejectedException(
          "not a JWT: the JWT header or payload is not a base64url JSON object ("
              + e.getMessage()
              + ")");
    }
  }

  private TokenRejectedException notAccepted(Algorithm alg) {
    return new TokenRejectedException(
        "alg '"
            + alg
            + "' is not accepted here; sign with "
            + String.join(" or ", accepted.stream().map(JWSAlgorithm::getName).toList()));
  }

  /**
   * Keys of the token's algorithm: the configured files and secret whatever the token's {@code kid}
   * (they have none), and the key set's keys that match the header ({@code kid} when given, key
   * type, use, algorithm).
   */
  private List<Key> candidateKeys(JWSHeader header) throws com.nimbusds.jose.KeySourceException {
    List<Key> keys = new ArrayList<>();
    try {
      for (JWK key : localKeys) {
        if (fits(key, header.getAlgorithm())) {
          keys.add(javaKey(key));
        }
      }
      if (jwks != null) {
        for (JWK key : new JWKSelector(JWKMatcher.forJWSHeader(header)).select(jwks.current())) {
          if (fits(key, header.getAlgorithm())) {
            keys.add(javaKey(key));
          }
        }
      }
    } catch (JOSEException e) {
      throw new com.nimbusds.jose.KeySourceException("unusable key: " + e.getMessage(), e);
    }
    return keys;
  }

  private static Key javaKey(JWK key) throws JOSEException {
    if (key instanceof OctetSequenceKey secret) {
      return secret.toSecretKey();
    }
    return ((AsymmetricJWK) key).toPublicKey();
  }

  private static boolean fits(JWK key, JWSAlgorithm alg) {
    KeyType type = KeyType.forAlgorithm(alg);
    return type != null && type.equals(key.getKeyType());
  }

  private static List<JWK> localKeys(JwtConfig config) {
    List<JWK> keys = new ArrayList<>();
    if (config.hs256Secret() != null) {
      keys.add(
          new OctetSequenceKey.Builder(config.hs256Secret().getBytes(StandardCharsets.UTF_8))
              .build());
    }
    if (config.rs256PublicKey() != null) {
      keys.add(PemPublicKeys.rsa(config.rs256PublicKey()));
    }
    if (config.es256PublicKey() != null) {
      keys.add(PemPublicKeys.ec(config.es256PublicKey()));
    }
    return List.copyOf(keys);
  }

  private static Set<JWSAlgorithm> accepted(JwtConfig config) {
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    if (config.hs256Secret() != null) {
      algs.add(JWSAlgorithm.HS256);
    }
    if (config.rs256PublicKey() != null || config.jwksUrl() != null) {
      algs.add(JWSAlgorithm.RS256);
    }
    if (config.es256PublicKey() != null || config.jwksUrl() != null) {
      algs.add(JWSAlgorithm.ES256);
    }
    return java.util.Collections.unmodifiableSet(algs);
  }

  private static Set<JOSEObjectType> withNull(Set<JOSEObjectType> types) {
    Set<JOSEObjectType> all = new java.util.HashSet<>(types);
    all.add(null);
    return all;
  }
}
