package dev.beacon.runtime.auth;

import static dev.beacon.runtime.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens minted by PyJWT, judged by Beacon: needs Debian's python3-jwt (installed by .ci/run),
 * skipped without it.
 */
@DisplayName("JWT interop with PyJWT")
class JwtInteropTest {

  static String python;
  @TempDir Path dir;

  @BeforeAll
  static void pyjwt() {
    python = PyJwt.python();
    assumeTrue(python != null, "python3-jwt is not installed (apt-get install python3-jwt)");
  }

  static TokenClaims await(JwtVerifier verifier, String token) throws Exception {
    try {
      return verifier.verifyFetchingKeys(token).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  @DisplayName(
      "HS256 from PyJWT with an Auth0 subject and room claims is accepted; crit, expired and none are not")
  void hs256() throws Exception {
    JwtVerifier verifier =
        JwtVerifier.of(
            JwtConfig.builder().hs256Secret(TestKeys.SECRET).leeway(Duration.ofSeconds(5)).build());
    JsonObject body =
        claims("auth0|5f7c8ec7c33c6c004bbafe82", TestKeys.inSeconds(60))
            .put("rooms", new JsonArray().add("team-*"))
            .put("publish", new JsonArray().add("team-red"));
    List<String> tokens =
        PyJwt.mint(
            python,
            PyJwt.spec("HS256", TestKeys.SECRET, null, body),
            PyJwt.spec(
                "HS256",
                TestKeys.SECRET,
                new JsonObject().put("crit", new JsonArray().add("exp-x")).put("exp-x", 1),
                body),
            PyJwt.spec(
                "HS256",
                TestKeys.SECRET,
                null,
                claims("dave@example.com", TestKeys.inSeconds(-60))),
            PyJwt.spec("HS256", "another-secret-of-at-least-32-bytes-long", null, body));
    TokenClaims claims = verifier.verify(tokens.get(0));
    assertThat(claims.subject()).isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
    assertThat(claims.join().allows("team-blue")).isTrue();
    assertThat(claims.publish().allows("team-blue")).isFalse();
    assertThatThrownBy(() -> verifier.verify(tokens.get(1))).hasMessageContaining("header 'crit'");
    assertThatThrownBy(() -> verifier.verify(tokens.get(2))).hasMessageContaining("token expired");
    assertThatThrownBy(() -> verifier.verify(tokens.get(3))).hasMessageContaining("bad signature");
  }

  @Test
  @DisplayName(
      "RS256 and ES256 from PyJWT, keys from a JWKS with two keys, then a rotation to a third")
  void jwksRotation() throws Exception {
    KeyPair rsa = TestKeys.rsa();
    KeyPair ec = TestKeys.ec();
    KeyPair next = TestKeys.rsa();
    Path rsaPem = TestKeys.privateKeyPem(rsa, dir, "rsa.pem");
    Path ecPem = TestKeys.privateKeyPem(ec, dir, "ec.pem");
    Path nextPem = TestKeys.privateKeyPem(next, dir, "next.pem");
    try (JwksServer idp = new JwksServer().serve("rsa-1", rsa, "ec-1", ec)) {
      JwtVerifier verifier =
          new JwtVerifier(
              JwtConfig.builder()
                  .jwksUrl(idp.url())
                  .jwksMinRefresh(Duration.ZERO)
                  .issuer("https://idp.example.com/")
                  .audience("beacon")
                  .build(),
              Clock.systemUTC());
      JsonObject body =
          claims("dave@example.com", TestKeys.inSeconds(60))
              .put("iss", "https://idp.example.com/")
              .put("aud", "beacon");
      List<String> tokens =
          PyJwt.mint(
              python,
              PyJwt.spec("RS256", rsaPem.toString(), new JsonObject().put("kid", "rsa-1"), body),
              PyJwt.spec("ES256", ecPem.toString(), new JsonObject().put("kid", "ec-1"), body),
              PyJwt.spec("RS256", nextPem.toString(), new JsonObject().put("kid", "rsa-2"), body),
              PyJwt.spec(
                  "RS256",
                  rsaPem.toString(),
                  new JsonObject().put("kid", "rsa-1"),
                  body.copy().put("aud", "someone-else")));
      assertThat(await(verifier, tokens.get(0)).subject()).isEqualTo("dave@example.com");
      assertThat(await(verifier, tokens.get(1)).subject()).isEqualTo("dave@example.com");
      assertThatThrownBy(() -> await(verifier, tokens.get(3))).hasMessageContaining("claim 'aud'");
      assertThatThrownBy(() -> await(verifier, tokens.get(2)))
          .hasMessageContaining("unknown key: kid 'rsa-2'");

      idp.serve("ec-1", ec, "rsa-2", next);
      assertThat(await(verifier, tokens.get(2)).subject()).isEqualTo("dave@example.com");
      assertThatThrownBy(() -> await(verifier, tokens.get(0)))
          .hasMessageContaining("unknown key: kid 'rsa-1'");
    }
  }
}
