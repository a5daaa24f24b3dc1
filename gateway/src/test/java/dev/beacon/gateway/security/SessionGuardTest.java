package dev.beacon.gateway.security;

import static dev.beacon.runtime.auth.TestKeys.claims;
import static dev.beacon.runtime.auth.TestKeys.inSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.protocol.ClientRequest;
import dev.beacon.runtime.auth.JwtConfig;
import dev.beacon.runtime.auth.JwtSigner;
import dev.beacon.runtime.auth.JwtVerifier;
import dev.beacon.runtime.auth.RoomGrants;
import dev.beacon.runtime.auth.TestKeys;
import dev.beacon.runtime.auth.TokenClaims;
import dev.beacon.runtime.auth.TokenRejectedException;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SessionGuard")
class SessionGuardTest {

  final Vertx vertx = Vertx.vertx();
  final JwtVerifier verifier =
      new JwtVerifier(
          JwtConfig.builder().hs256Secret(TestKeys.SECRET).leeway(Duration.ZERO).build(),
          Clock.systemUTC());
  final ConnectionsPerIp perIp = new ConnectionsPerIp(10);

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  @DisplayName("takes its client id from sub and refuses requests outside the room claims")
  void roomClaims() {
    TokenClaims token =
        new TokenClaims(
            "ana",
            inSeconds(60),
            RoomGrants.only(List.of("lobby", "team-*")),
            RoomGrants.only(List.of("lobby")),
            RoomGrants.only(List.of("bob")));
    SessionGuard guard = guard(token);
    assertThat(guard.clientId()).isEqualTo("ana");
    assertThat(guard.mayJoin("lobby")).isTrue();
    assertThat(guard.refusal(new ClientRequest.Subscribe("team-red", null, 1))).isNull();
    assertThat(guard.refusal(new ClientRequest.Subscribe("ops", null, 1)))
        .contains("joining room 'ops'");
    assertThat(guard.refusal(new ClientRequest.Presence("ops", 1))).contains("joining room 'ops'");
    assertThat(guard.refusal(new ClientRequest.Chat("a", "hi", "lobby", 1))).isNull();
    assertThat(guard.refusal(new ClientRequest.Chat("a", "hi", "team-red", 1)))
        .contains("publishing to room 'team-red'");
    assertThat(guard.refusal(new ClientRequest.Broadcast("hi", "a", 1))).contains("broadcasting");
    assertThat(guard.refusal(new ClientRequest.Direct("bob", "hi", "a", 1))).isNull();
    assertThat(guard.refusal(new ClientRequest.Direct("carol", "hi", "a", 1)))
        .contains("direct messages to 'carol'")
        .contains("claim direct [bob]");
  }

  @Test
  @DisplayName("events:<x> is joinable by whoever may join gps:<x>, and only by them")
  void eventRoomsFollowGpsGrants() {
    SessionGuard guard =
        guard(
            new TokenClaims(
                "ana",
                inSeconds(60),
                RoomGrants.only(List.of("gps:van-*", "events:32")),
                RoomGrants.only(List.of()),
                RoomGrants.only(List.of())));
    assertThat(guard.mayJoin("events:van-7")).isTrue();
    assertThat(guard.mayJoin("events:32")).isTrue();
    assertThat(guard.mayJoin("events:33")).isFalse();
    assertThat(guard.mayJoin("events:*")).isFalse();
    assertThat(guard.mayJoin("gps:32")).isFalse();
  }

  @Test
  @DisplayName("refreshes with a valid token for the same sub only")
  void refresh() throws Exception {
    SessionGuard guard =
        guard(
            new TokenClaims(
                "ana", inSeconds(60), RoomGrants.any(), RoomGrants.any(), RoomGrants.any()));
    long exp = inSeconds(3600);
    assertThat(guard.refresh(JwtSigner.hs256(claims("ana", exp), TestKeys.SECRET))).isEqualTo(exp);
    assertThatThrownBy(() -> guard.refresh(JwtSigner.hs256(claims("bob", exp), TestKeys.SECRET)))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("same sub");
    assertThatThrownBy(
            () -> guard.refresh(JwtSigner.hs256(claims("ana", inSeconds(-5)), TestKeys.SECRET)))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  @DisplayName(
      "an anonymous connection may do anything but has no token to refresh, and release frees its slot once")
  void anonymous() {
    perIp.tryAcquire("10.0.0.1");
    SessionGuard guard =
        new SessionGuard(vertx, null, null, perIp, "10.0.0.1", new TokenBucket(0, 0, 0));
    assertThat(guard.refusal(new ClientRequest.Broadcast("hi", "a", 1))).isNull();
    assertThatThrownBy(() -> guard.refresh("a.b.c")).hasMessageContaining("authentication is off");
    guard.release();
    guard.release();
    assertThat(perIp.count("10.0.0.1")).isZero();
  }

  private SessionGuard guard(TokenClaims token) {
    perIp.tryAcquire("10.0.0.1");
    return new SessionGuard(vertx, verifier, token, perIp, "10.0.0.1", new TokenBucket(0, 0, 0));
  }
}
