package dev.beacon.gateway.security;

import dev.beacon.common.protocol.ClientRequest;
import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.RoomNames;
import dev.beacon.runtime.auth.JwtVerifier;
import dev.beacon.runtime.auth.TokenClaims;
import dev.beacon.runtime.auth.TokenRejectedException;
import dev.beacon.runtime.devices.DeviceAccess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The security state of one connection: who it is (the token's {@code sub}, or a random id), what
 * its token lets it do, how fast it may send, and when its token runs out. Confined to the
 * connection's event loop.
 *
 * <p>At {@code exp} (plus the leeway) the connection is closed with {@value
 * CloseCodes#TOKEN_EXPIRED} unless a {@code refresh} replaced the token. Sending faster than the
 * rate limit closes it with {@value CloseCodes#RATE_LIMITED}. {@link #release()} gives back its
 * per-address slot and cancels its timer.
 */
public final class SessionGuard {

  /** How the guard ends its connection. */
  public interface Closer {
    void close(short code, String reason);
  }

  private final Vertx vertx;
  private final JwtVerifier verifier;
  private final ConnectionsPerIp perIp;
  private final String address;
  private final TokenBucket bucket;
  private String clientId;
  private TokenClaims claims;

  /**
   * Which devices the connection may write; a device key or its absence where the token decides
   * nothing.
   */
  private DeviceIdentity devices;

  /**
   * A device key admitted this connection on a gateway that requires JWTs: fixes only, no
   * messaging.
   */
  private boolean keyOnly;

  private Closer closer;
  private long expiryTimer = -1;
  private boolean released;

  // Proxy hooks (docs/proxy.md): what the application's backend said of a connection without a
  // token at connect; unset (null, empty, 0) otherwise.
  private String backendUser;
  private Object backendInfo;
  private List<String> backendChannels = List.of();
  private long sessionExpiresAt;
  private Map<String, List<String>> forwardedHeaders = Map.of();

  /**
   * @param claims the verified token's claims, null for an anonymous client (authentication off)
   */
  SessionGuard(
      Vertx vertx,
      JwtVerifier verifier,
      TokenClaims claims,
      ConnectionsPerIp perIp,
      String address,
      TokenBucket bucket) {
    this.vertx = vertx;
    this.verifier = verifier;
    this.claims = claims;
    this.perIp = perIp;
    this.address = address;
    this.bucket = bucket;
    this.clientId = claims != null ? claims.subject() : UUID.randomUUID().toString();
    this.devices =
        claims != null
            ? new DeviceIdentity(DeviceAccess.token(claims.subject(), claims.devices()), null)
            : DeviceIdentity.open();
  }

  /**
   * Sets what the connection may write; {@code keyOnly} when a device key, not a token, admitted it
   * on a gateway that requires tokens (then it may not use messaging).
   */
  SessionGuard holding(DeviceIdentity identity, boolean onlyKey) {
    this.devices = identity;
    this.keyOnly = onlyKey;
    return this;
  }

  /** Which device ids the connection may write fixes for. */
  public DeviceIdentity devices() {
    return devices;
  }

  /**
   * An unauthenticated connection without a rate limit and not counted per address: for tests and
   * embedding.
   */
  public static SessionGuard unrestricted() {
    return new SessionGuard(
        null,
        null,
        null,
        new ConnectionsPerIp(Integer.MAX_VALUE),
        "unrestricted",
        new TokenBucket(0, 0, 0));
  }

  /**
   * Whether the connection came with an identity of its own, a JWT or a device key: then the
   * connect hook is not asked, as Centrifugo does not ask it for a connection with a token.
   */
  public boolean identified() {
    return claims != null || devices.access().identified();
  }

  /**
   * The connect hook's answer (docs/proxy.md): a non-empty {@code user} becomes the client id and
   * the verified subject; {@code info} goes back to the backend in later calls; {@code channels}
   * are joined when the connection becomes a messaging client; a session that ends at {@code
   * expiresAt} (Unix seconds, 0 never) is closed then with {@value CloseCodes#TOKEN_EXPIRED} unless
   * a {@code refresh} extends it. Called before the session starts.
   */
  public void identifiedByBackend(String user, Object info, List<String> channels, long expiresAt) {
    backendUser = user;
    if (!user.isEmpty()) {
      clientId = user;
    }
    backendInfo = info;
    backendChannels = List.copyOf(channels);
    sessionExpiresAt = expiresAt;
  }

  /**
   * Whether the connect hook identified this connection (then {@code refresh} asks the backend).
   */
  public boolean identifiedByBackend() {
    return backendUser != null;
  }

  /** The {@code info} the connect hook gave, or null. */
  public Object backendInfo() {
    return backendInfo;
  }

  /** Channels the connect hook subscribes the connection to. */
  public List<String> backendChannels() {
    return backendChannels;
  }

  /** The handshake headers the hooks forward (the allow-list's), names in lower case. */
  public Map<String, List<String>> forwardedHeaders() {
    return forwardedHeaders;
  }

  /** Keeps the allow-listed handshake headers for the hooks' calls after connect. */
  public void forwarding(Map<String, List<String>> headers) {
    forwardedHeaders = Map.copyOf(headers);
  }

  /**
   * A {@code refresh} the refresh hook allowed: the session now ends at {@code expiresAt} (0:
   * never), and {@code info} replaces the connection's when not null.
   */
  public void extendSession(long expiresAt, Object info) {
    sessionExpiresAt = expiresAt;
    if (info != null) {
      backendInfo = info;
    }
    scheduleExpiry();
  }

  /** The token's {@code sub}, or a random id when authentication is off. */
  public String clientId() {
    return clientId;
  }

  /** The address this connection counts against for the per-address limit. */
  public String address() {
    return address;
  }

  /** Arms the expiry timer; {@code closer} ends the connection when the token runs out. */
  public void start(Closer connectionCloser) {
    this.closer = connectionCloser;
    scheduleExpiry();
  }

  /** Counts one incoming message against the rate limit; false when the connection went over it. */
  public boolean allowMessage() {
    return bucket.tryTake(System.nanoTime());
  }

  /** Rooms the token's {@code channels} claim subscribes the connection to on connect. */
  public List<String> serverChannels() {
    return claims == null ? List.of() : claims.channels();
  }

  /**
   * Whether the connection may join {@code room} (auto-join of the default room included). A
   * geofence event room {@code events:<x>} is also open to whoever may join {@code gps:<x>}: the
   * events of a device tell no more than its positions.
   */
  public boolean mayJoin(String room) {
    if (keyOnly) {
      return false;
    }
    if (claims == null || claims.mayJoin(room)) {
      return true;
    }
    return RoomNames.isEvents(room)
        && claims.mayJoin(RoomNames.GPS_PREFIX + room.substring(RoomNames.EVENTS_PREFIX.length()));
  }

  /**
   * Whether the connection's token explicitly grants {@code room} in its {@code rooms} claim, as a
   * namespace with {@code subscribeGrant} requires; an anonymous connection, or a token without the
   * claim, has no grant.
   */
  public boolean hasGrantFor(String room) {
    return !keyOnly && claims != null && claims.join().grants(room);
  }

  /**
   * The verified token's {@code sub}, stamped on what the connection publishes; null for an
   * anonymous client.
   */
  public String verifiedSubject() {
    if (claims == null) {
      return backendUser == null || backendUser.isEmpty() ? null : backendUser;
    }
    return claims.subject();
  }

  /**
   * Why the token does not allow {@code request}, or null when it does. Chat needs {@code publish}
   * to cover its room, broadcast needs it to cover {@code *}; subscribe and presence need {@code
   * rooms} to cover the room; direct needs {@code direct} to cover the recipient.
   */
  public String refusal(ClientRequest request) {
    if (keyOnly) {
      return "this connection was admitted with a device key, which allows only GPS fixes on a gateway that requires"
          + " tokens; connect with a JWT to use messaging";
    }
    if (claims == null) {
      return null;
    }
    if (request instanceof ClientRequest.Chat chat && !claims.publish().allows(chat.room())) {
      return "your token does not allow publishing to room '"
          + chat.room()
          + "' (claim publish "
          + claims.publish()
          + "); ask for a token that includes it";
    } else if (request instanceof ClientRequest.Broadcast && !claims.publish().allows("*")) {
      return "your token does not allow broadcasting (claim publish "
          + claims.publish()
          + " lacks *)";
    } else if (request instanceof ClientRequest.Subscribe s && !mayJoin(s.room())) {
      return joinRefusal(s.room());
    } else if (request instanceof ClientRequest.Presence p && !mayJoin(p.room())) {
      return joinRefusal(p.room());
    } else if (request instanceof ClientRequest.PresenceStats p && !mayJoin(p.room())) {
      return joinRefusal(p.room());
    } else if (request instanceof ClientRequest.History h && !mayJoin(h.room())) {
      return joinRefusal(h.room());
    } else if (request instanceof ClientRequest.Direct d && !claims.direct().allows(d.to())) {
      return "your token does not allow direct messages to '"
          + d.to()
          + "' (claim direct "
          + claims.direct()
          + "); ask for a token whose direct claim includes it";
    }
    return null;
  }

  private String joinRefusal(String room) {
    return "your token does not allow joining room '"
        + room
        + "' (claim rooms "
        + claims.join()
        + "); ask for a token that includes it";
  }

  /**
   * Replaces the connection's token with a fresh one for the same subject and re-arms the expiry
   * timer.
   *
   * @return the new {@code exp}
   */
  public long refresh(String token) throws TokenRejectedException {
    if (verifier == null) {
      throw new TokenRejectedException(
          "authentication is off on this gateway; there is no token to refresh");
    }
    return apply(verifier.verify(token));
  }

  /**
   * {@link #refresh}, fetching the identity provider's key set again first when the token names a
   * {@code kid} it does not hold yet; completes on the caller's context, failed with a {@link
   * TokenRejectedException} when refused.
   */
  public Future<Long> refreshFetchingKeys(String token) {
    if (verifier == null) {
      return Future.failedFuture(
          new TokenRejectedException(
              "authentication is off on this gateway; there is no token to refresh"));
    }
    Context context = Vertx.currentContext();
    CompletionStage<TokenClaims> verified = verifier.verifyFetchingKeys(token);
    Future<TokenClaims> fresh =
        context == null
            ? Future.fromCompletionStage(verified)
            : Future.fromCompletionStage(verified, context);
    return fresh
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure))
        .compose(
            claims -> {
              try {
                return Future.succeededFuture(apply(claims));
              } catch (TokenRejectedException e) {
                return Future.failedFuture(e);
              }
            });
  }

  private long apply(TokenClaims fresh) throws TokenRejectedException {
    if (!fresh.subject().equals(clientId)) {
      throw new TokenRejectedException(
          "the new token is for '"
              + fresh.subject()
              + "', this connection is '"
              + clientId
              + "'; refresh with a token for the same sub, or reconnect");
    }
    claims = fresh;
    devices.refreshed(fresh);
    scheduleExpiry();
    return fresh.expiresAt();
  }

  /** Cancels the expiry timer and gives back the address slot; idempotent. */
  public void release() {
    if (released) {
      return;
    }
    released = true;
    cancelExpiry();
    perIp.release(address);
  }

  private void scheduleExpiry() {
    cancelExpiry();
    if (released || (claims == null && sessionExpiresAt == 0)) {
      return;
    }
    long closeAtMillis =
        claims == null
            ? sessionExpiresAt * 1000
            : (claims.expiresAt() + verifier.leewaySeconds()) * 1000;
    long delay = Math.max(1, closeAtMillis - System.currentTimeMillis());
    long exp = claims == null ? sessionExpiresAt : claims.expiresAt();
    expiryTimer =
        vertx.setTimer(
            delay,
            id -> {
              expiryTimer = -1;
              closer.close(
                  CloseCodes.TOKEN_EXPIRED,
                  "token expired at " + exp + "; reconnect with a fresh token");
            });
  }

  private void cancelExpiry() {
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
  }
}
