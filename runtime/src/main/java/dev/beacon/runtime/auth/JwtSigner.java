package dev.beacon.runtime.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs compact JWS tokens with HS256 or RS256: the counterpart of {@link JwtVerifier}, for tests,
 * tools and services embedding Beacon that mint their own tokens. The claims are written as given.
 */
public final class JwtSigner {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private JwtSigner() {}

  public static String hs256(JsonObject claims, String secret) {
    String signingInput = signingInput("HS256", claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(ascii(signingInput)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
    }
  }

  public static String rs256(JsonObject claims, PrivateKey key) {
    String signingInput = signingInput("RS256", claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(ascii(signingInput));
      return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this RSA key: " + e.getMessage(), e);
    }
  }

  /** {@code header.payload} with the given {@code alg}, unsigned: what a forger starts from. */
  public static String signingInput(String alg, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    return encode(header) + "." + encode(claims);
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
