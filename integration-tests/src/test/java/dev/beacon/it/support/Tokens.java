package dev.beacon.it.support;

import dev.beacon.runtime.auth.JwtSigner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * JWT keys and tokens for the security tests: one HS256 secret, one RS256 key pair and an unrelated
 * key pair.
 */
public final class Tokens {

  public static final String SECRET = "integration-test-secret-32-bytes-or-more";

  private final KeyPair rsa = rsa();
  private final KeyPair otherRsa = rsa();

  /** Writes the RS256 public key as PEM to {@code file}. */
  public Path writePublicKey(Path file) {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(rsa.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject claims(String sub, long secondsFromNow) {
    return new JsonObject()
        .put("sub", sub)
        .put("exp", System.currentTimeMillis() / 1000 + secondsFromNow);
  }

  public static JsonObject withRooms(JsonObject claims, List<String> rooms, List<String> publish) {
    return claims
        .put("rooms", new JsonArray(List.copyOf(rooms)))
        .put("publish", new JsonArray(List.copyOf(publish)));
  }

  public String hs256(JsonObject claims) {
    return JwtSigner.hs256(claims, SECRET);
  }

  public String rs256(JsonObject claims) {
    return JwtSigner.rs256(claims, rsa.getPrivate());
  }

  /** Signed with a key the gateway does not know. */
  public String rs256WithOtherKey(JsonObject claims) {
    return JwtSigner.rs256(claims, otherRsa.getPrivate());
  }

  /** {@code alg: none}, no signature. */
  public static String unsigned(JsonObject claims) {
    return JwtSigner.signingInput("none", claims) + ".";
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
