package dev.beacon.runtime.auth;

import static dev.beacon.runtime.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JwtVerifier")
class JwtVerifierTest {

  static final long NOW = 1_763_766_000L;

  @TempDir Path dir;
  JwtVerifier verifier;

  @BeforeEach
  void verifier() {
    JwtConfig config =
        JwtConfig.builder()
            .hs256Secret(TestKeys.SECRET)
            .rs256PublicKey(TestKeys.publicKeyPem(TestKeys.RSA, dir))
            .leeway(Duration.ofSeconds(5))
            .build();
    verifier = new JwtVerifier(config, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
  }

  @Test
  @DisplayName("accepts an HS256 token and reads sub, exp, rooms and publish")
  void hs256() throws Exception {
    JsonObject body =
        claims("ana", NOW + 60)
            .put("rooms", new JsonArray().add("lobby").add("team-*"))
            .put("publish", new JsonArray().add("lobby"));
    TokenClaims claims = verifier.verify(JwtSigner.hs256(body, TestKeys.SECRET));
    assertThat(claims.subject()).isEqualTo("ana");
    assertThat(claims.expiresAt()).isEqualTo(NOW + 60);
    assertThat(claims.join().allows("team-red")).isTrue();
    assertThat(claims.join().allows("ops")).isFalse();
    assertThat(claims.publish().allows("lobby")).isTrue();
    assertThat(claims.publish().allows("team-red")).isFalse();
  }

  @Test
  @DisplayName("accepts an RS256 token; without rooms and publish claims every room is allowed")
  void rs256() throws Exception {
    TokenClaims claims =
        verifier.verify(JwtSigner.rs256(claims("svc-1", NOW + 60), TestKeys.RSA.getPrivate()));
    assertThat(claims.subject()).isEqualTo("svc-1");
    assertThat(claims.join().allows("anything")).isTrue();
    assertThat(claims.publish().allows("*")).isTrue();
  }

  @Test
  @DisplayName(
      "devices: the claim's ids and prefixes; without it only sub; [] none; not an array of ids refused")
  void devices() throws Exception {
    TokenClaims fleet =
        verifier.verify(
            JwtSigner.hs256(
                claims("ops", NOW + 60).put("devices", new JsonArray().add("32").add("van-*")),
                TestKeys.SECRET));
    assertThat(fleet.devices().allows("32")).isTrue();
    assertThat(fleet.devices().allows("van-9")).isTrue();
    assertThat(fleet.devices().allows("33")).isFalse();
    assertThat(fleet.devices().allows("ops"))
        .as("sub is not implied when the claim is there")
        .isFalse();
    TokenClaims own = verifier.verify(JwtSigner.hs256(claims("32", NOW + 60), TestKeys.SECRET));
    assertThat(own.devices().allows("32")).isTrue();
    assertThat(own.devices().allows("33")).isFalse();
    TokenClaims person =
        verifier.verify(
            JwtSigner.hs256(
                claims("ana", NOW + 60).put("devices", new JsonArray()), TestKeys.SECRET));
    assertThat(person.devices().allows("ana")).isFalse();
    assertRejected(
        JwtSigner.hs256(claims("ana", NOW + 60).put("devices", "32"), TestKeys.SECRET),
        "claim 'devices'");
    assertRejected(
        JwtSigner.hs256(
            claims("ana", NOW + 60).put("devices", new JsonArray().add(32)), TestKeys.SECRET),
        "claim 'devices'");
    assertRejected(
        JwtSigner.hs256(
            claims("ana", NOW + 60).put("devices", new JsonArray().add("a b")), TestKeys.SECRET),
        "claim 'devices'");
  }

  @Test
  @DisplayName(
      "channels: rooms subscribed on connect, also granted; absent is none; patterns, bad names and more than 64 refused")
  void channels() throws Exception {
    TokenClaims claimed =
        verifier.verify(
            JwtSigner.hs256(
                claims("ana", NOW + 60)
                    .put("rooms", new JsonArray().add("lobby"))
                    .put("channels", new JsonArray().add("news:a").add("personal:ana")),
                TestKeys.SECRET));
    assertThat(claimed.channels()).containsExactly("news:a", "personal:ana");
    assertThat(claimed.mayJoin("news:a")).isTrue();
    assertThat(claimed.mayJoin("news:b")).isFalse();
    assertThat(
            verifier.verify(JwtSigner.hs256(claims("ana", NOW + 60), TestKeys.SECRET)).channels())
        .isEmpty();
    for (Object bad :
        new Object[] {
          "news", new JsonArray().add("news:*"), new JsonArray().add("a b"), new JsonArray().add(7)
        }) {
      assertRejected(
          JwtSigner.hs256(claims("ana", NOW + 60).put("channels", bad), TestKeys.SECRET),
          "claim 'channels'");
    }
    JsonArray many = new JsonArray();
    for (int i = 0; i <= 64; i++) {
      many.add("r" + i);
    }
    assertRejected(
        JwtSigner.hs256(claims("ana", NOW + 60).put("channels", many), TestKeys.SECRET),
        "claim 'channels'");
  }

  @Test
  @DisplayName(
      "refuses a missing token, garbage, alg none, a bad signature and another key's signature")
  void forgeries() {
    JsonObject body = claims("ana", NOW + 60);
    String none = JwtSigner.signingInput("none", body) + ".";
    String tampered =
        JwtSigner.hs256(body, TestKeys.SECRET)
            .replaceFirst(
                "\\.[^.]+\\.",
                "."
                    + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                            claims("admin", NOW + 60).encode().getBytes(StandardCharsets.UTF_8))
                    + ".");
    assertRejected(null, "no token");
    assertRejected("not-a-jwt", "not a JWT");
    assertRejected("a.b.c", "not a JWT: the JWT header or payload is not a base64url JSON object");
    assertRejected(
        "bm90anNvbg.e30.c2ln",
        "not a JWT: the JWT header or payload is not a base64url JSON object");
    assertRejected(none, "alg 'none' is not accepted");
    assertRejected(tampered, "bad signature");
    assertRejected(
        JwtSigner.hs256(body, "another-secret-that-is-32-bytes-long!!"), "bad signature");
    assertRejected(JwtSigner.rs256(body, TestKeys.OTHER_RSA.getPrivate()), "bad signature");
  }

  @Test
  @DisplayName(
      "refuses an HS256 token signed with the RSA public key (algorithm confusion) when only RS256 is on")
  void algorithmConfusion() throws Exception {
    JwtVerifier rsOnly =
        new JwtVerifier(
            JwtConfig.builder()
                .rs256PublicKey(TestKeys.publicKeyPem(TestKeys.RSA, dir))
                .leeway(Duration.ZERO)
                .build(),
            Clock.systemUTC());
    String pem = java.nio.file.Files.readString(dir.resolve("public.pem"));
    assertThatThrownBy(
            () -> rsOnly.verify(JwtSigner.hs256(claims("ana", TestKeys.inSeconds(60)), pem)))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("alg 'HS256' is not accepted");
  }

  @Test
  @DisplayName("refuses an expired token, a token not yet valid, and tolerates the leeway on both")
  void times() throws Exception {
    assertRejected(JwtSigner.hs256(claims("ana", NOW - 6), TestKeys.SECRET), "token expired");
    assertThat(verifier.verify(JwtSigner.hs256(claims("ana", NOW - 4), TestKeys.SECRET)).subject())
        .isEqualTo("ana");
    assertRejected(
        JwtSigner.hs256(claims("ana", NOW + 60).put("nbf", NOW + 6), TestKeys.SECRET),
        "not valid before");
    assertThat(
            verifier.verify(
                JwtSigner.hs256(claims("ana", NOW + 60).put("nbf", NOW + 4), TestKeys.SECRET)))
        .isNotNull();
    assertRejected(
        JwtSigner.hs256(new JsonObject().put("sub", "ana"), TestKeys.SECRET), "'exp' is required");
  }

  @Test
  @DisplayName(
      "refuses a sub that cannot be a client id and room claims that are not string arrays")
  void claimShapes() {
    assertRejected(JwtSigner.hs256(claims("a b", NOW + 60), TestKeys.SECRET), "claim 'sub'");
    assertRejected(JwtSigner.hs256(claims("a/b", NOW + 60), TestKeys.SECRET), "claim 'sub'");
    assertRejected(
        JwtSigner.hs256(claims("ana\nforged log line", NOW + 60), TestKeys.SECRET), "claim 'sub'");
    assertRejected(
        JwtSigner.hs256(claims("x".repeat(129), NOW + 60), TestKeys.SECRET), "claim 'sub'");
    assertRejected(
        JwtSigner.hs256(new JsonObject().put("exp", NOW + 60), TestKeys.SECRET), "claim 'sub'");
    assertRejected(
        JwtSigner.hs256(claims("ana", NOW + 60).put("rooms", "lobby"), TestKeys.SECRET),
        "claim 'rooms'");
    assertRejected(
        JwtSigner.hs256(
            claims("ana", NOW + 60).put("publish", new JsonArray().add(1)), TestKeys.SECRET),
        "claim 'publish'");
    assertRejected(
        JwtSigner.hs256(claims("ana", NOW + 60).put("direct", "bob"), TestKeys.SECRET),
        "claim 'direct'");
    assertRejected(
        JwtSigner.hs256(
            claims("ana", NOW + 60).put("direct", new JsonArray().add(true)), TestKeys.SECRET),
        "claim 'direct' must be an array of client ids");
  }

  @Test
  @DisplayName(
      "direct: anyone for a token that restricts nothing, the claim's ids for one that does, no one without it")
  void directClaim() throws Exception {
    TokenClaims open = verifier.verify(JwtSigner.hs256(claims("ana", NOW + 60), TestKeys.SECRET));
    assertThat(open.direct().allows("bob")).isTrue();
    TokenClaims listed =
        verifier.verify(
            JwtSigner.hs256(
                claims("ana", NOW + 60).put("direct", new JsonArray().add("bob").add("ops-*")),
                TestKeys.SECRET));
    assertThat(listed.direct().allows("bob")).isTrue();
    assertThat(listed.direct().allows("ops-7")).isTrue();
    assertThat(listed.direct().allows("carol")).isFalse();
    assertThat(listed.join().allows("anything")).as("direct alone leaves rooms open").isTrue();
    TokenClaims roomsOnly =
        verifier.verify(
            JwtSigner.hs256(
                claims("ana", NOW + 60).put("rooms", new JsonArray().add("lobby")),
                TestKeys.SECRET));
    assertThat(roomsOnly.direct().allows("bob")).as("a scoped token without direct").isFalse();
    TokenClaims everyone =
        verifier.verify(
            JwtSigner.hs256(
                claims("ana", NOW + 60)
                    .put("publish", new JsonArray().add("lobby"))
                    .put("direct", new JsonArray().add("*")),
                TestKeys.SECRET));
    assertThat(everyone.direct().allows("anyone")).isTrue();
  }

  @Test
  @DisplayName("accepts the subjects identity providers issue as client ids")
  void identityProviderSubjects() throws Exception {
    for (String sub :
        new String[] {
          "auth0|5f7c8ec7c33c6c004bbafe82",
          "google-oauth2|108459211843",
          "dave@example.com",
          "dave+ops@example.com",
          "00u1abcdEFGH2345ijkl",
          "3f2b8c1e-0d4a-4b7e-9a61-2c5d8e9f0a1b",
          "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ="
        }) {
      assertThat(verifier.verify(JwtSigner.hs256(claims(sub, NOW + 60), TestKeys.SECRET)).subject())
          .isEqualTo(sub);
    }
  }

  @Test
  @DisplayName(
      "refuses a token whose crit header names an extension, even with a good signature (RFC 7515 4.1.11)")
  void criticalExtension() {
    assertRejected(
        NimbusSigner.withCrit(claims("ana", NOW + 60), TestKeys.SECRET, "exp-beacon-unknown"),
        "header 'crit' names [exp-beacon-unknown]");
  }

  @Test
  @DisplayName("accepts ES256 with a P-256 public key file, and refuses another EC key's signature")
  void es256() throws Exception {
    java.security.KeyPair ec = TestKeys.ec();
    JwtVerifier esOnly =
        new JwtVerifier(
            JwtConfig.builder()
                .es256PublicKey(TestKeys.publicKeyPem(ec, dir, "ec.pem"))
                .leeway(Duration.ZERO)
                .build(),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    String token =
        NimbusSigner.sign(
            new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.ES256),
            claims("dev-7", NOW + 60),
            ec);
    assertThat(esOnly.verify(token).subject()).isEqualTo("dev-7");
    String forged =
        NimbusSigner.sign(
            new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.ES256),
            claims("dev-7", NOW + 60),
            TestKeys.ec());
    assertThatThrownBy(() -> esOnly.verify(forged)).hasMessageContaining("bad signature");
    assertThatThrownBy(
            () -> esOnly.verify(JwtSigner.hs256(claims("dev-7", NOW + 60), TestKeys.SECRET)))
        .hasMessageContaining("alg 'HS256' is not accepted here; sign with ES256");
  }

  @Test
  @DisplayName(
      "with iss and aud configured, refuses another issuer or audience and accepts aud as a string or array")
  void issuerAndAudience() throws Exception {
    JwtVerifier strict =
        new JwtVerifier(
            JwtConfig.builder()
                .hs256Secret(TestKeys.SECRET)
                .leeway(Duration.ZERO)
                .issuer("https://idp.example.com/")
                .audience("beacon")
                .build(),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    JsonObject good = claims("ana", NOW + 60).put("iss", "https://idp.example.com/");
    assertThat(strict.verify(JwtSigner.hs256(good.copy().put("aud", "beacon"), TestKeys.SECRET)))
        .isNotNull();
    assertThat(
            strict.verify(
                JwtSigner.hs256(
                    good.copy().put("aud", new JsonArray().add("api").add("beacon")),
                    TestKeys.SECRET)))
        .isNotNull();
    assertThatThrownBy(
            () -> strict.verify(JwtSigner.hs256(good.copy().put("aud", "other"), TestKeys.SECRET)))
        .hasMessageContaining("claim 'aud' must contain 'beacon'");
    assertThatThrownBy(
            () ->
                strict.verify(
                    JwtSigner.hs256(
                        good.copy().put("aud", "beacon").put("iss", "https://evil.example.com/"),
                        TestKeys.SECRET)))
        .hasMessageContaining("claim 'iss' must be");
    assertThatThrownBy(
            () ->
                strict.verify(
                    JwtSigner.hs256(claims("ana", NOW + 60).put("aud", "beacon"), TestKeys.SECRET)))
        .hasMessageContaining("claim 'iss' must be");
  }

  @Test
  @DisplayName("a key file that is not a PEM public key fails at start with the setting named")
  void badKeyFile() throws Exception {
    Path junk =
        java.nio.file.Files.writeString(
            dir.resolve("junk.pem"),
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertThatThrownBy(
            () ->
                JwtVerifier.of(
                    JwtConfig.builder().rs256PublicKey(junk).leeway(Duration.ZERO).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BEACON_JWT_RS256_PUBLIC_KEY");
  }

  private void assertRejected(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining(reason);
  }
}
