package dev.beacon.runtime.auth;

import static dev.beacon.runtime.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JwtVerifier with a JWKS URL")
class JwksRotationTest {

  static final KeyPair RSA_1 = TestKeys.RSA;
  static final KeyPair EC_2 = TestKeys.ec();
  static final KeyPair RSA_3 = TestKeys.OTHER_RSA;

  final JwksServer idp = new JwksServer().serve("k1", RSA_1, "k2", EC_2);

  @AfterEach
  void stop() {
    idp.close();
  }

  JwtVerifier verifier(Duration minRefresh) {
    return new JwtVerifier(
        JwtConfig.builder().jwksUrl(idp.url()).jwksMinRefresh(minRefresh).build(),
        Clock.systemUTC());
  }

  static String token(JWSAlgorithm alg, String kid, KeyPair key, String sub) {
    return NimbusSigner.withKid(alg, kid, claims(sub, TestKeys.inSeconds(60)), key);
  }

  static TokenClaims await(JwtVerifier verifier, String token) throws Exception {
    try {
      return verifier.verifyFetchingKeys(token).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  @DisplayName("picks the key by kid among two (RS256 and ES256), fetching the set once")
  void twoKeys() throws Exception {
    JwtVerifier verifier = verifier(Duration.ofHours(1));
    assertThat(
            await(
                    verifier,
                    token(JWSAlgorithm.RS256, "k1", RSA_1, "auth0|5f7c8ec7c33c6c004bbafe82"))
                .subject())
        .isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
    assertThat(await(verifier, token(JWSAlgorithm.ES256, "k2", EC_2, "dave@example.com")).subject())
        .isEqualTo("dave@example.com");
    assertThatThrownBy(() -> await(verifier, token(JWSAlgorithm.RS256, "k1", RSA_3, "ana")))
        .hasMessageContaining("bad signature");
    assertThatThrownBy(() -> await(verifier, token(JWSAlgorithm.ES256, "k1", EC_2, "ana")))
        .hasMessageContaining("no key of this gateway fits the token");
    assertThat(idp.requests()).isEqualTo(1);
    assertThat(verifier.keySetFetches()).isEqualTo(1);
  }

  @Test
  @DisplayName("after a rotation accepts the new kid at once and refuses the withdrawn one")
  void rotation() throws Exception {
    JwtVerifier verifier = verifier(Duration.ZERO);
    String old = token(JWSAlgorithm.RS256, "k1", RSA_1, "ana");
    assertThat(await(verifier, old).subject()).isEqualTo("ana");
    idp.serve("k2", EC_2, "k3", RSA_3);
    assertThatThrownBy(() -> verifier.verify(token(JWSAlgorithm.RS256, "k3", RSA_3, "ana")))
        .hasMessageContaining("unknown key: kid 'k3'");
    assertThat(await(verifier, token(JWSAlgorithm.RS256, "k3", RSA_3, "ana")).subject())
        .isEqualTo("ana");
    assertThat(idp.requests()).isEqualTo(2);
    assertThatThrownBy(() -> await(verifier, old)).hasMessageContaining("unknown key: kid 'k1'");
  }

  @Test
  @DisplayName("tokens with made-up kids cost the identity provider one request per interval")
  void rateLimited() throws Exception {
    JwtVerifier verifier = verifier(Duration.ofHours(1));
    await(verifier, token(JWSAlgorithm.RS256, "k1", RSA_1, "ana"));
    for (int i = 0; i < 20; i++) {
      String forged = token(JWSAlgorithm.RS256, "made-up-" + i, RSA_3, "ana");
      assertThatThrownBy(() -> await(verifier, forged)).hasMessageContaining("unknown key");
    }
    assertThat(idp.requests())
        .as("the first fetch was less than the interval ago: no fetch at all")
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an unreachable key set refuses tokens without failing the caller's future exceptionally elsewhere")
  void unreachable() {
    idp.close();
    JwtVerifier verifier = verifier(Duration.ZERO);
    assertThatThrownBy(() -> await(verifier, token(JWSAlgorithm.RS256, "k1", RSA_1, "ana")))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("unknown key: kid 'k1'");
  }
}
