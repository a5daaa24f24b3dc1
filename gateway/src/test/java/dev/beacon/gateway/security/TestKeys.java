package dev.beacon.gateway.security;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Keys and tokens for the security tests. */
final class TestKeys {

  static final String SECRET = "a-test-secret-of-at-least-32-bytes-long!";
  static final KeyPair RSA = rsa();
  static final KeyPair OTHER_RSA = rsa();

  private TestKeys() {
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code pair}'s public key as a PEM file in {@code dir}. */
  static Path publicKeyPem(KeyPair pair, Path dir) {
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    try {
      return Files.writeString(dir.resolve("public.pem"), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject claims(String sub, long expSeconds) {
    return new JsonObject().put("sub", sub).put("exp", expSeconds);
  }

  static long inSeconds(long seconds) {
    return System.currentTimeMillis() / 1000 + seconds;
  }
}
