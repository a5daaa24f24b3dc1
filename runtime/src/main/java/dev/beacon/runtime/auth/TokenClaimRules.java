package dev.beacon.runtime.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.beacon.common.device.DeviceGrants;
import dev.beacon.common.protocol.ClientIds;
import dev.beacon.common.protocol.RoomNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Beacon's rules for the claims of a token whose signature checked out: {@code exp} required and in
 * the future, {@code nbf} not in the future (both with the leeway), {@code iss} and {@code aud} as
 * configured, {@code sub} a client id, {@code rooms} and {@code publish} arrays of room names or
 * prefixes, {@code direct} an array of client ids or prefixes, {@code devices} an array of device
 * ids or prefixes, {@code read} an array of device ids or prefixes.
 */
final class TokenClaimRules {

  private static final String ROOMS = "room names";
  private static final String CLIENT_IDS = "client ids";

  private final JwtConfig config;
  private final long now;

  TokenClaimRules(JwtConfig config, long nowSeconds) {
    this.config = config;
    this.now = nowSeconds;
  }

  TokenClaims claims(JWTClaimsSet claims) throws TokenRejectedException {
    long leeway = config.leeway().toSeconds();
    long exp = seconds(claims, "exp", true);
    if (exp + leeway <= now) {
      throw new TokenRejectedException(
          "token expired at " + exp + " (now " + now + "); get a fresh token");
    }
    if (claims.getClaim("nbf") != null && seconds(claims, "nbf", false) - leeway > now) {
      throw new TokenRejectedException(
          "token not valid before " + claims.getClaim("nbf") + " (now " + now + ")");
    }
    checkIssuerAndAudience(claims);
    Object sub = claims.getClaim("sub");
    if (!(sub instanceof String subject) || !ClientIds.isValid(subject)) {
      throw new TokenRejectedException("claim 'sub' must be the client id: " + ClientIds.rule());
    }
    return new TokenClaims(
        subject,
        exp,
        grants(claims, "rooms", ROOMS),
        grants(claims, "publish", ROOMS),
        directGrants(claims),
        devices(claims, subject),
        readGrants(claims),
        channels(claims));
  }

  /** Most rooms a {@code channels} claim may name. */
  public static final int MAX_CHANNELS = 64;

  /**
   * The {@code channels} claim: exact room names (no patterns), each one a client may subscribe to.
   */
  private static List<String> channels(JWTClaimsSet claims) throws TokenRejectedException {
    Object value = claims.getClaim("channels");
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> items
        && items.size() <= MAX_CHANNELS
        && items.stream()
            .allMatch(
                item ->
                    item instanceof String room
                        && RoomNames.isValid(room)
                        && !room.endsWith("*"))) {
      List<String> rooms = new ArrayList<>();
      items.forEach(item -> rooms.add((String) item));
      return rooms;
    }
    throw new TokenRejectedException(
        "claim 'channels' must be an array of at most "
            + MAX_CHANNELS
            + " room names ("
            + RoomNames.RULE
            + ") to subscribe the connection to on connect");
  }

  private static ReadGrants readGrants(JWTClaimsSet claims) throws TokenRejectedException {
    Object value = claims.getClaim("read");
    if (value == null) {
      return ReadGrants.none();
    }
    if (value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
      try {
        return ReadGrants.of(items.stream().map(String.class::cast).toList());
      } catch (IllegalArgumentException e) {
        throw new TokenRejectedException("claim 'read': " + e.getMessage());
      }
    }
    throw new TokenRejectedException(
        "claim 'read' must be an array of device ids or prefixes ending in *, e.g. "
            + "[\"32\", \"truck-*\"] or [\"*\"]");
  }

  /**
   * The {@code direct} claim; without it, anyone when the token restricts nothing else (tokens
   * issued before the claim existed keep working), no one when it grants rooms: a token scoped to
   * some rooms must not reach everyone.
   */
  private static RoomGrants directGrants(JWTClaimsSet claims) throws TokenRejectedException {
    if (claims.getClaim("direct") == null
        && claims.getClaim("rooms") == null
        && claims.getClaim("publish") == null) {
      return RoomGrants.any();
    }
    return claims.getClaim("direct") == null
        ? RoomGrants.only(List.of())
        : grants(claims, "direct", CLIENT_IDS);
  }

  /**
   * {@code devices}: an array of device ids or prefixes; absent, the token writes only its own
   * {@code sub}.
   */
  private static DeviceGrants devices(JWTClaimsSet claims, String subject)
      throws TokenRejectedException {
    Object value = claims.getClaim("devices");
    if (value == null) {
      return DeviceGrants.exactly(subject);
    }
    if (value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
      List<String> patterns = new ArrayList<>();
      items.forEach(item -> patterns.add((String) item));
      if (patterns.isEmpty()) {
        return DeviceGrants.none();
      }
      String problem = DeviceGrants.problem(patterns);
      if (problem == null) {
        return DeviceGrants.of(patterns);
      }
      throw new TokenRejectedException("claim 'devices': " + problem.replace("'devices' ", ""));
    }
    throw new TokenRejectedException(
        "claim 'devices' must be an array of device ids or prefixes ending in *");
  }

  private void checkIssuerAndAudience(JWTClaimsSet claims) throws TokenRejectedException {
    if (config.issuer() != null && !config.issuer().equals(claims.getClaim("iss"))) {
      throw new TokenRejectedException(
          "claim 'iss' must be '"
              + config.issuer()
              + "', got "
              + quoted(claims.getClaim("iss"))
              + "; get a token from that issuer");
    }
    if (config.audience() != null) {
      Object aud = claims.getClaim("aud");
      boolean matches =
          aud instanceof String one
              ? one.equals(config.audience())
              : aud instanceof List<?> many && many.contains(config.audience());
      if (!matches) {
        throw new TokenRejectedException(
            "claim 'aud' must contain '"
                + config.audience()
                + "', got "
                + quoted(aud)
                + "; ask for a token for this audience");
      }
    }
  }

  private static String quoted(Object value) {
    return value == null ? "none" : "'" + value + "'";
  }

  private static long seconds(JWTClaimsSet claims, String claim, boolean required)
      throws TokenRejectedException {
    Object value = claims.getClaim(claim);
    if (value instanceof java.util.Date date) {
      return date.getTime() / 1000;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new TokenRejectedException(
        "claim '"
            + claim
            + "' "
            + (value == null && required ? "is required" : "must be")
            + " epoch seconds (a JSON number)");
  }

  private static RoomGrants grants(JWTClaimsSet claims, String claim, String what)
      throws TokenRejectedException {
    Object value = claims.getClaim(claim);
    if (value == null) {
      return RoomGrants.any();
    }
    if (value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
      List<String> patterns = new ArrayList<>();
      items.forEach(item -> patterns.add((String) item));
      return RoomGrants.only(patterns);
    }
    throw new TokenRejectedException(
        "claim '" + claim + "' must be an array of " + what + " or prefixes ending in *");
  }
}
