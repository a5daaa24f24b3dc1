package dev.beacon.gateway.security;

import dev.beacon.common.device.DeviceKeySecrets;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.runtime.auth.JwtVerifier;
import dev.beacon.runtime.auth.RoomGrants;
import dev.beacon.runtime.auth.TokenClaims;
import dev.beacon.runtime.auth.TokenRejectedException;
import dev.beacon.runtime.devices.DeviceAccess;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.devices.DeviceKeyDirectory;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's security, shared by all its event loops: TLS and header limits on the listener, the
 * checks every WebSocket upgrade passes, and a {@link SessionGuard} for every accepted connection.
 * Thread-safe.
 *
 * <p>Upgrade refusals, checked in this order: more than {@code maxHeaders} headers HTTP {@value
 * #TOO_MANY_HEADERS}, an {@code Origin} not allowed HTTP {@value #FORBIDDEN}, a missing or invalid
 * JWT HTTP {@value #UNAUTHORIZED}, too many connections from the address HTTP {@value
 * #TOO_MANY_CONNECTIONS}. The response carries only the status's reason phrase; the reason is
 * logged at debug level.
 *
 * <p>A connection straight from a client takes its per-address slot when it is accepted, before it
 * sent anything ({@link #acceptConnection}), so idle unupgraded sockets count too; one from a
 * trusted proxy is counted at its upgrade, against the address {@code X-Forwarded-For} names.
 *
 * <p>Device identity: an upgrade with a device key ({@code ?key=}) is checked against the gateway's
 * {@link DeviceKeyDirectory} instead of a JWT (so a tracker is admitted where tokens are required);
 * an unknown, malformed or revoked key gets HTTP {@value #UNAUTHORIZED} with a body saying why
 * ({@link Refusal#detail()}). The connection's {@link DeviceIdentity} follows from the key, the
 * token, or {@code BEACON_DEVICE_AUTH}.
 */
public final class GatewaySecurity {

  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int TOO_MANY_CONNECTIONS = 429;
  public static final int TOO_MANY_HEADERS = 431;

  /** The query parameter that carries the JWT for clients that cannot set headers (browsers). */
  public static final String TOKEN_PARAMETER = "token";

  /** The query parameter that carries a device key, for trackers that can set only their URL. */
  public static final String KEY_PARAMETER = "key";

  private static final Logger log = LoggerFactory.getLogger(GatewaySecurity.class);
  private static final String BEARER = "Bearer ";

  /**
   * Not a status: the token's key may be in a fresh key set, so {@link #check} fetches it and
   * decides then.
   */
  private static final int UNKNOWN_KEY = -1;

  private final SecurityConfig config;
  private final OriginPolicy origins;
  private final JwtVerifier verifier;
  private final ConnectionsPerIp perIp;
  private final ClientAddress addresses;

  /**
   * What a connection counted at accept hands its session: the socket, not the session, gives the
   * slot back.
   */
  private final ConnectionsPerIp countedAtAccept = new ConnectionsPerIp(Integer.MAX_VALUE);

  private final DeviceAuthMode deviceAuth;
  private final DeviceKeyDirectory deviceKeys;

  /**
   * How an upgrade is refused: its HTTP status (0: not refused), and for a device key the reason,
   * sent as the body (a key's holder may learn why; a token's refusal stays in the log).
   */
  public record Refusal(int status, String detail) {

    static final Refusal NONE = new Refusal(0, null);

    static Refusal of(int status) {
      return status == 0 ? NONE : new Refusal(status, null);
    }

    public boolean refused() {
      return status != 0;
    }
  }

  private GatewaySecurity(
      SecurityConfig config,
      JwtVerifier verifier,
      DeviceAuthMode deviceAuth,
      DeviceKeyDirectory deviceKeys) {
    this.deviceAuth = deviceAuth;
    this.deviceKeys = deviceKeys;
    this.config = config;
    this.origins = new OriginPolicy(config.allowedOrigins());
    this.verifier = verifier;
    this.perIp = new ConnectionsPerIp(config.maxConnectionsPerIp());
    this.addresses = new ClientAddress(config.trustedProxies());
  }

  /**
   * Loads the keys; fails with a message naming the setting when one cannot be used. Anonymous
   * devices write any id.
   */
  public static GatewaySecurity create(SecurityConfig config) {
    return create(config, DeviceAuthMode.OPEN, new DeviceKeyDirectory());
  }

  /**
   * {@link #create(SecurityConfig)} with device identity: what anonymous connections may write, and
   * the keys upgrades and {@code KEY} frames are checked against.
   */
  public static GatewaySecurity create(
      SecurityConfig config, DeviceAuthMode deviceAuth, DeviceKeyDirectory keys) {
    JwtVerifier verifier = config.jwt().enabled() ? JwtVerifier.of(config.jwt()) : null;
    if (verifier != null) {
      verifier.prefetch();
    }
    log.info(
        "gateway security: {}, origins {}, JWT {}, {} msg/s (burst {}) per connection, {} connections per address",
        config.tls().enabled() ? "TLS (wss://)" : "plain ws://",
        config.allowedOrigins().isEmpty() ? "any" : config.allowedOrigins(),
        config.jwt().enabled() ? config.jwt() : "off",
        config.rateLimit() == 0 ? "unlimited" : config.rateLimit(),
        config.rateBurst(),
        config.maxConnectionsPerIp());
    log.info(
        "device identity: BEACON_DEVICE_AUTH={} ({})",
        deviceAuth.setting(),
        deviceAuth == DeviceAuthMode.OPEN
            ? "a connection without a key or token may write any device id"
            : "a fix needs a key or token holding its id");
    return new GatewaySecurity(config, verifier, deviceAuth, keys);
  }

  /** Adds TLS (when configured) and the header size limit to the listener's options. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    options.setMaxHeaderSize(config.maxHeaderSize());
    if (config.tls().enabled()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.tls().certPath().toString())
                  .setKeyPath(config.tls().keyPath().toString()));
    }
    return options;
  }

  /**
   * The HTTP status to refuse the upgrade with (the first check it fails), or 0 when it passes
   * every check; a passing upgrade holds a slot of its address's connection limit until the session
   * ends or {@link #release}. Completes at once, except for a token that names a {@code kid} the
   * key set does not hold yet: then after the key set was fetched again (on the caller's context).
   */
  public Future<Refusal> check(HttpServerRequest upgrade) {
    String address = addresses.of(upgrade.remoteAddress(), upgrade.headers());
    String key = deviceKey(upgrade.uri());
    if (key != null) {
      return Future.succeededFuture(keyRefusal(upgrade, address, key));
    }
    int refusal = refusal(upgrade, address);
    if (refusal != UNKNOWN_KEY) {
      return Future.succeededFuture(Refusal.of(refusal));
    }
    Context context = Vertx.currentContext();
    CompletionStage<TokenClaims> verified =
        verifier.verifyFetchingKeys(token(upgrade.headers(), upgrade.uri()));
    return Future.fromCompletionStage(verified, context)
        .transform(
            result -> {
              if (result.failed()) {
                return Future.succeededFuture(
                    Refusal.of(refuse(UNAUTHORIZED, address, reason(result.cause()))));
              }
              return Future.succeededFuture(Refusal.of(admitAddress(upgrade, address)));
            });
  }

  /**
   * Gives back the per-address slot {@link #check} took for an upgrade that did not go through
   * after all.
   */
  public void release(HttpServerRequest upgrade) {
    if (addresses.viaProxy(upgrade.remoteAddress())) {
      perIp.release(addresses.of(upgrade.remoteAddress(), upgrade.headers()));
    }
  }

  /**
   * Takes a per-address slot for a connection just accepted, unless its peer is a trusted proxy;
   * false (refuse it with 429) when the address has none left. Give it back with {@link
   * #connectionClosed} when the socket closes.
   */
  public boolean acceptConnection(io.vertx.core.net.SocketAddress peer) {
    if (addresses.viaProxy(peer)) {
      return true;
    }
    String address = peer == null ? "unknown" : peer.hostAddress();
    if (perIp.tryAcquire(address)) {
      return true;
    }
    refuse(
        TOO_MANY_CONNECTIONS, address, "already " + perIp.max() + " connections from this address");
    return false;
  }

  /**
   * Gives back the slot {@link #acceptConnection} took, once the socket closed, however it closed.
   */
  public void connectionClosed(io.vertx.core.net.SocketAddress peer) {
    if (!addresses.viaProxy(peer)) {
      perIp.release(peer == null ? "unknown" : peer.hostAddress());
    }
  }

  /** The checks before identity: header count, then Origin; 0 when both pass. */
  private int headersAndOrigin(HttpServerRequest upgrade, String address) {
    MultiMap headers = upgrade.headers();
    if (headers.entries().size() > config.maxHeaders()) {
      return refuse(
          TOO_MANY_HEADERS, address, "more than " + config.maxHeaders() + " request headers");
    }
    String origin = headers.get("Origin");
    if (!origins.allows(origin)) {
      return refuse(FORBIDDEN, address, "origin " + origin + " is not allowed");
    }
    return 0;
  }

  /** An upgrade that presents a device key: the key stands in for the token (which is not read). */
  private Refusal keyRefusal(HttpServerRequest upgrade, String address, String key) {
    int refusal = headersAndOrigin(upgrade, address);
    if (refusal != 0) {
      return Refusal.of(refusal);
    }
    DeviceKeyDirectory.Check check = deviceKeys.check(key);
    if (!check.admitted()) {
      refuse(UNAUTHORIZED, address, check.refusal());
      return new Refusal(UNAUTHORIZED, "invalid_key: " + check.refusal());
    }
    return Refusal.of(admitAddress(upgrade, address));
  }

  private int refusal(HttpServerRequest upgrade, String address) {
    MultiMap headers = upgrade.headers();
    int before = headersAndOrigin(upgrade, address);
    if (before != 0) {
      return before;
    }
    if (verifier != null) {
      try {
        verifier.verify(token(headers, upgrade.uri()));
      } catch (TokenRejectedException e) {
        return e.unknownKey() ? UNKNOWN_KEY : refuse(UNAUTHORIZED, address, e.getMessage());
      }
    }
    return admitAddress(upgrade, address);
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage();
  }

  private int admitAddress(HttpServerRequest upgrade, String address) {
    if (!addresses.viaProxy(upgrade.remoteAddress())) {
      return 0;
    }
    if (!perIp.tryAcquire(address)) {
      return refuse(
          TOO_MANY_CONNECTIONS,
          address,
          "already " + perIp.max() + " connections from this address");
    }
    return 0;
  }

  private static int refuse(int status, String address, String reason) {
    log.debug("upgrade from {} refused with {}: {}", address, status, reason);
    return status;
  }

  /**
   * The guard of a connection whose upgrade {@link #accept} let through (and counted). Its token is
   * read again: one that ran out in between gets a guard that closes the connection at once with
   * 4011.
   */
  public SessionGuard admit(HttpServerRequest upgrade, Vertx vertx) {
    String address = addresses.of(upgrade.remoteAddress(), upgrade.headers());
    String key = deviceKey(upgrade.uri());
    if (key != null) {
      return admitWithKey(vertx, address, key, slotsOf(upgrade));
    }
    TokenClaims claims = null;
    if (verifier != null) {
      try {
        claims = verifier.verify(token(upgrade.headers(), upgrade.uri()));
      } catch (TokenRejectedException e) {
        claims =
            new TokenClaims(
                "expired-" + UUID.randomUUID(),
                0,
                RoomGrants.only(List.of()),
                RoomGrants.only(List.of()),
                RoomGrants.only(List.of()));
      }
    }
    SessionGuard guard =
        new SessionGuard(
            vertx,
            verifier,
            claims,
            slotsOf(upgrade),
            address,
            new TokenBucket(config.rateLimit(), config.rateBurst(), System.nanoTime()));
    DeviceAccess devices =
        claims != null ? guard.devices().access() : DeviceAccess.anonymous(deviceAuth);
    return guard.holding(new DeviceIdentity(devices, deviceKeys), false);
  }

  /**
   * Where a session gives its address slot back: taken at upgrade behind a proxy, at accept
   * otherwise.
   */
  private ConnectionsPerIp slotsOf(HttpServerRequest upgrade) {
    return addresses.viaProxy(upgrade.remoteAddress()) ? perIp : countedAtAccept;
  }

  /**
   * A connection admitted by its device key: no token, so no expiry; its key's devices. A key
   * revoked since {@link #check} leaves a connection that may write nothing (each fix is refused
   * saying so).
   */
  private SessionGuard admitWithKey(
      Vertx vertx, String address, String key, ConnectionsPerIp slots) {
    SessionGuard guard =
        new SessionGuard(
            vertx,
            verifier,
            null,
            slots,
            address,
            new TokenBucket(config.rateLimit(), config.rateBurst(), System.nanoTime()));
    DeviceKeyDirectory.Check check = deviceKeys.check(key);
    DeviceAccess devices =
        check.admitted()
            ? DeviceAccess.key(check.key(), deviceKeys)
            : DeviceAccess.anonymous(DeviceAuthMode.AUTHENTICATED);
    return guard.holding(new DeviceIdentity(devices, deviceKeys), verifier != null);
  }

  /**
   * The devices a tracker's credential holds, for the listeners that take fixes over plain HTTP or
   * MQTT (docs/trackers.md): a device key ({@code bk_...}) is checked against the gateway's keys,
   * anything else is read as a JWT (its {@code devices} claim); no credential is {@code
   * BEACON_DEVICE_AUTH}'s anonymous access. Fails with a {@link CredentialRefusedException} saying
   * why; completes on the caller's context.
   */
  public Future<DeviceAccess> deviceAccess(String credential) {
    if (credential == null || credential.isBlank()) {
      return Future.succeededFuture(DeviceAccess.anonymous(deviceAuth));
    }
    if (credential.startsWith(DeviceKeySecrets.PREFIX)) {
      DeviceKeyDirectory.Check check = deviceKeys.check(credential.strip());
      return check.admitted()
          ? Future.succeededFuture(DeviceAccess.key(check.key(), deviceKeys))
          : Future.failedFuture(
              new CredentialRefusedException(ErrorCode.INVALID_KEY, check.refusal()));
    }
    if (verifier == null) {
      return Future.failedFuture(
          new CredentialRefusedException(
              ErrorCode.INVALID_KEY,
              "the credential is not a device key (bk_...) and this gateway takes no JWTs"
                  + " (BEACON_JWT_* unset); use the key shown by POST /api/device-keys"));
    }
    return Future.fromCompletionStage(
            verifier.verifyFetchingKeys(credential.strip()), Vertx.currentContext())
        .transform(
            verified ->
                verified.succeeded()
                    ? Future.succeededFuture(
                        DeviceAccess.token(
                            verified.result().subject(), verified.result().devices()))
                    : Future.failedFuture(
                        new CredentialRefusedException(
                            ErrorCode.INVALID_TOKEN,
                            "the token was refused: "
                                + reason(verified.cause())
                                + "; ask for a fresh token whose 'devices' claim holds the"
                                + " device")));
  }

  /** The {@code key} query parameter (a device key), or null when the URI has none. */
  static String deviceKey(String uri) {
    List<String> fromQuery = new QueryStringDecoder(uri).parameters().get(KEY_PARAMETER);
    return fromQuery == null || fromQuery.isEmpty() ? null : fromQuery.get(0);
  }

  /**
   * From {@code Authorization: Bearer <jwt>}, else the {@code token} query parameter; null when
   * neither.
   */
  static String token(MultiMap headers, String uri) {
    String authorization = headers.get("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    List<String> fromQuery = new QueryStringDecoder(uri).parameters().get(TOKEN_PARAMETER);
    return fromQuery == null || fromQuery.isEmpty() ? null : fromQuery.get(0);
  }
}
