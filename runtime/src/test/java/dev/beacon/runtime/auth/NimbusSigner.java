package dev.beacon.runtime.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Set;

/**
 * Tokens made with Nimbus' signers, for headers Beacon's {@link JwtSigner} does not write ({@code
 * kid}, {@code crit}).
 */
public final class NimbusSigner {

  private NimbusSigner() {}

  public static String sign(JWSHeader header, JsonObject claims, Object key) {
    try {
      SignedJWT jwt = new SignedJWT(header, JWTClaimsSet.parse(claims.getMap()));
      if (key instanceof String secret) {
        jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } else if (((KeyPair) key).getPrivate() instanceof ECPrivateKey ec) {
        jwt.sign(new ECDSASigner(ec));
      } else {
        jwt.sign(new RSASSASigner(((KeyPair) key).getPrivate()));
      }
      return jwt.serialize();
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String withKid(JWSAlgorithm alg, String kid, JsonObject claims, Object key) {
    return sign(new JWSHeader.Builder(alg).keyID(kid).build(), claims, key);
  }

  /** A token whose header marks {@code extension} critical (and carries it). */
  public static String withCrit(JsonObject claims, String secret, String extension) {
    return sign(
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .criticalParams(Set.of(extension))
            .customParam(extension, true)
            .build(),
        claims,
        secret);
  }
}
