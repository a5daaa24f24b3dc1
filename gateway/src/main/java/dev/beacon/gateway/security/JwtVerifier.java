package dev.beacon.gateway.security;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact JWS tokens signed with HS256 or RS256, with the JDK's own crypto. Refuses {@code alg} none, an
 * algorithm whose key is not configured, a bad signature, a missing or past {@code exp}, a future {@code nbf}
 * (both with the configured leeway), and a {@code sub} that is not a usable client id. Thread-safe.
 */
public final class JwtVerifier {

  /** A subject becomes a client id, so it follows the client id rule of the protocol. */
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final byte[] hs256Secret;
  private final PublicKey rs256Key;
  private final long leewaySeconds;
  private final Clock clock;

  JwtVerifier(JwtConfig config, Clock clock) {
    this.hs256Secret = config.hs256Secret() == null ? null : config.hs256Secret().getBytes(StandardCharsets.UTF_8);
    this.rs256Key = config.rs256PublicKey() == null ? null : readRsaPublicKey(config);
    this.leewaySeconds = config.leeway().toSeconds();
    this.clock = clock;
  }

  /** A verifier of {@code config}'s keys on the system clock; fails with a clear message on an unreadable key. */
  public static JwtVerifier of(JwtConfig config) {
    return new JwtVerifier(config, Clock.systemUTC());
  }

  /** The claims of a valid token. */
  public TokenClaims verify(String token) throws TokenRejectedException {
    if (token == null || token.isBlank()) {
      throw new TokenRejectedException("no token: send Authorization: Bearer <jwt>, or ?token=<jwt> from a browser");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenRejectedException("not a JWT: expected header.payload.signature");
    }
    JsonObject header = json(parts[0], "header");
    JsonObject payload = json(parts[1], "payload");
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    checkSignature(String.valueOf(header.getValue("alg")), signed, bytes(parts[2], "signature"));
    return claims(payload);
  }

  /** Seconds of clock skew tolerated on {@code exp} and {@code nbf}. */
  public long leewaySeconds() {
    return leewaySeconds;
  }

  long nowSeconds() {
    return clock.millis() / 1000;
  }

  private void checkSignature(String alg, byte[] signed, byte[] signature) throws TokenRejectedException {
    boolean valid;
    try {
      if ("HS256".equals(alg) && hs256Secret != null) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hs256Secret, "HmacSHA256"));
        valid = MessageDigest.isEqual(mac.doFinal(signed), signature);
      } else if ("RS256".equals(alg) && rs256Key != null) {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(rs256Key);
        rsa.update(signed);
        valid = rsa.verify(signature);
      } else {
        throw new TokenRejectedException("alg '" + alg + "' is not accepted here; sign with "
            + (hs256Secret != null ? "HS256" : "") + (hs256Secret != null && rs256Key != null ? " or " : "")
            + (rs256Key != null ? "RS256" : ""));
      }
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new TokenRejectedException("bad signature: the token was not signed with this gateway's key");
    }
  }

  private TokenClaims claims(JsonObject payload) throws TokenRejectedException {
    long now = nowSeconds();
    long exp = seconds(payload, "exp", true);
    if (exp + leewaySeconds <= now) {
      throw new TokenRejectedException("token expired at " + exp + " (now " + now + "); get a fresh token");
    }
    Object nbf = payload.getValue("nbf");
    if (nbf != null && seconds(payload, "nbf", false) - leewaySeconds > now) {
      throw new TokenRejectedException("token not valid before " + nbf + " (now " + now + ")");
    }
    Object sub = payload.getValue("sub");
    if (!(sub instanceof String subject) || !SUBJECT.matcher(subject).matches()) {
      throw new TokenRejectedException("claim 'sub' must be the client id: 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
    return new TokenClaims(subject, exp, grants(payload, "rooms"), grants(payload, "publish"));
  }

  private static long seconds(JsonObject payload, String claim, boolean required) throws TokenRejectedException {
    Object value = payload.getValue(claim);
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new TokenRejectedException("claim '" + claim + "' " + (value == null && required ? "is required" : "must be")
        + " epoch seconds (a JSON number)");
  }

  private static RoomGrants grants(JsonObject payload, String claim) throws TokenRejectedException {
    Object value = payload.getValue(claim);
    if (value == null) {
      return RoomGrants.any();
    }
    List<String> patterns = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (!(item instanceof String s)) {
          break;
        }
        patterns.add(s);
      }
      if (patterns.size() == array.size()) {
        return RoomGrants.only(patterns);
      }
    }
    throw new TokenRejectedException("claim '" + claim + "' must be an array of room names or prefixes ending in *");
  }

  private static JsonObject json(String part, String what) throws TokenRejectedException {
    try {
      return new JsonObject(new String(bytes(part, what), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new TokenRejectedException("the JWT " + what + " is not a JSON object");
    }
  }

  private static byte[] bytes(String part, String what) throws TokenRejectedException {
    try {
      return BASE64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new TokenRejectedException("the JWT " + what + " is not base64url");
    }
  }

  private static PublicKey readRsaPublicKey(JwtConfig config) {
    try {
      String pem = Files.readString(config.rs256PublicKey(), StandardCharsets.US_ASCII);
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read BEACON_JWT_RS256_PUBLIC_KEY " + config.rs256PublicKey(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("BEACON_JWT_RS256_PUBLIC_KEY " + config.rs256PublicKey()
          + " is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----, X.509 SubjectPublicKeyInfo); export it with "
          + "`openssl rsa -in key.pem -pubout`", e);
    }
  }
}
