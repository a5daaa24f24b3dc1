package dev.beacon.runtime.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the PEM public key files of {@link JwtConfig} as JWKs, failing at start with the setting
 * named.
 */
final class PemPublicKeys {

  private PemPublicKeys() {}

  static JWK rsa(Path file) {
    PublicKey key =
        read(file, "RSA", "BEACON_JWT_RS256_PUBLIC_KEY", "`openssl rsa -in key.pem -pubout`");
    return new RSAKey.Builder((RSAPublicKey) key).build();
  }

  static JWK ec(Path file) {
    PublicKey key =
        read(file, "EC", "BEACON_JWT_ES256_PUBLIC_KEY", "`openssl ec -in key.pem -pubout`");
    ECPublicKey ec = (ECPublicKey) key;
    if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
      throw new IllegalArgumentException(
          "BEACON_JWT_ES256_PUBLIC_KEY "
              + file
              + " is not a P-256 key; ES256 "
              + "needs the curve prime256v1 (`openssl ecparam -name prime256v1 -genkey`)");
    }
    return new ECKey.Builder(Curve.P_256, ec).build();
  }

  private static PublicKey read(Path file, String algorithm, String setting, String export) {
    try {
      String pem = Files.readString(file, StandardCharsets.US_ASCII);
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance(algorithm)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + setting + " " + file, e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting
              + " "
              + file
              + " is not a PEM "
              + algorithm
              + " public key "
              + "(-----BEGIN PUBLIC KEY-----, X.509 SubjectPublicKeyInfo); export it with "
              + export,
          e);
    }
  }
}
