package dev.beacon.runtime.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

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
public final class TestKeys {

  public static final String SECRET = "a-test-secret-of-at-least-32-bytes-long!";
  public static final KeyPair RSA = rsa();
  public static final KeyPair OTHER_RSA = rsa();

  private TestKeys() {}

  public static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code pair}'s private key as a PKCS#8 PEM file named {@code name} in {@code dir}. */
  public static Path privateKeyPem(KeyPair pair, Path dir, String name) {
    return write(dir.resolve(name), "PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** Writes {@code pair}'s public key as a PEM file named {@code name} in {@code dir}. */
  public static Path publicKeyPem(KeyPair pair, Path dir, String name) {
    return write(dir.resolve(name), "PUBLIC KEY", pair.getPublic().getEncoded());
  }

  private static Path write(Path file, String label, byte[] der) {
    String pem =
        "-----BEGIN "
            + label
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
            + "\n-----END "
            + label
            + "-----\n";
    try {
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code pair}'s public key as a PEM file in {@code dir}. */
  public static Path publicKeyPem(KeyPair pair, Path dir) {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8))
                .encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      return Files.writeString(dir.resolve("public.pem"), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject claims(String sub, long expSeconds) {
    return new JsonObject().put("sub", sub).put("exp", expSeconds);
  }

  public static long inSeconds(long seconds) {
    return System.currentTimeMillis() / 1000 + seconds;
  }
}
