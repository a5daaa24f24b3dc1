package dev.beacon.runtime.auth;

import static dev.beacon.runtime.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the read claim")
class ReadClaimTest {

  static final long NOW = 1_763_766_000L;

  @TempDir Path dir;
  JwtVerifier verifier;

  @BeforeEach
  void verifier() {
    JwtConfig config =
        JwtConfig.builder().hs256Secret(TestKeys.SECRET).leeway(Duration.ofSeconds(5)).build();
    verifier = new JwtVerifier(config, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
  }

  TokenClaims verify(JsonArray read) throws TokenRejectedException {
    return verifier.verify(
        JwtSigner.hs256(claims("map", NOW + 60).put("read", read), TestKeys.SECRET));
  }

  @Test
  @DisplayName("scopes reading to device ids and prefixes")
  void scopes() throws Exception {
    ReadGrants read = verify(new JsonArray().add("32").add("truck-*")).read();
    assertThat(read.allows("32")).isTrue();
    assertThat(read.allows("33")).isFalse();
    assertThat(read.allows("320")).isFalse();
    assertThat(read.allows("truck-7")).isTrue();
    assertThat(read.allowsAll()).isFalse();
  }

  @Test
  @DisplayName("* reads every device; a token without the claim reads none")
  void allAndNone() throws Exception {
    assertThat(verify(new JsonArray().add("*")).read().allowsAll()).isTrue();
    ReadGrants none =
        verifier.verify(JwtSigner.hs256(claims("map", NOW + 60), TestKeys.SECRET)).read();
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.allows("32")).isFalse();
  }

  @Test
  @DisplayName("refuses a read claim that is not an array of device ids or prefixes")
  void refusesMalformed() {
    assertThatThrownBy(
            () ->
                verifier.verify(
                    JwtSigner.hs256(claims("map", NOW + 60).put("read", "*"), TestKeys.SECRET)))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("claim 'read' must be");
    assertThatThrownBy(() -> verify(new JsonArray().add("a b")))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("'a b' is not a device id");
    assertThatThrownBy(() -> verify(new JsonArray().add("")))
        .isInstanceOf(TokenRejectedException.class);
    assertThatThrownBy(() -> ReadGrants.of(List.of("x*y*")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
