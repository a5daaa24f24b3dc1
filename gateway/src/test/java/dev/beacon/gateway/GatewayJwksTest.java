package dev.beacon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.beacon.gateway.security.SecurityConfig;
import dev.beacon.runtime.auth.JwksServer;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.NimbusSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A gateway whose tokens are checked against an identity provider's JWKS")
class GatewayJwksTest {

  static final String ISSUER = "https://idp.example.com/";
  final KeyPair first = rsa();
  final KeyPair second = rsa();
  final KeyPair rotated = rsa();
  final JwksServer idp = new JwksServer().serve("k1", first, "k2", second);

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  @DisplayName(
      "accepts an IdP subject, a key added by a rotation (upgrade and refresh), and refuses a withdrawn key")
  void rotation(Vertx vertx) throws Exception {
    JwtConfig jwt =
        JwtConfig.builder()
            .jwksUrl(idp.url())
            .jwksMinRefresh(Duration.ZERO)
            .issuer(ISSUER)
            .audience("beacon")
            .build();
    GatewayConfig config =
        TestGateways.config().toBuilder()
            .security(SecurityConfig.builder().jwt(jwt).build())
            .build();
    Gateway gateway = TestGateways.deployMessaging(vertx, config, new InMemoryMessageSink());

    TestClient auth0 =
        TestClient.connect(
            vertx, bearer(gateway, token("k1", first, "auth0|5f7c8ec7c33c6c004bbafe82")));
    assertThat(auth0.nextJson().getString("client_id")).isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
    TestClient dave =
        TestClient.connect(vertx, bearer(gateway, token("k2", second, "dave@example.com")));
    assertThat(dave.nextJson().getString("client_id")).isEqualTo("dave@example.com");

    idp.serve("k2", second, "k3", rotated);
    TestClient late = TestClient.connect(vertx, bearer(gateway, token("k3", rotated, "erin")));
    assertThat(late.nextJson().getString("client_id")).isEqualTo("erin");
    dave.send(
        new JsonObject()
            .put("type", "refresh")
            .put("id", "r1")
            .put("token", token("k3", rotated, "dave@example.com"))
            .encode());
    assertThat(dave.nextJson().getString("type")).isEqualTo("refreshed");

    Throwable refused =
        TestClient.awaitFailure(
            TestClient.onContext(
                vertx.getOrCreateContext(),
                () ->
                    vertx
                        .createWebSocketClient()
                        .connect(bearer(gateway, token("k1", first, "ana")))));
    assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(401);
  }

  static WebSocketConnectOptions bearer(Gateway gateway, String token) {
    return new WebSocketConnectOptions()
        .setHost("localhost")
        .setPort(gateway.port())
        .setURI("/chat")
        .addHeader("Authorization", "Bearer " + token);
  }

  static String token(String kid, KeyPair key, String sub) {
    JsonObject claims =
        new JsonObject()
            .put("sub", sub)
            .put("exp", System.currentTimeMillis() / 1000 + 60)
            .put("iss", ISSUER)
            .put("aud", "beacon");
    return NimbusSigner.withKid(JWSAlgorithm.RS256, kid, claims, key);
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
