package dev.beacon.runtime.auth;

import dev.beacon.common.device.DeviceGrants;

/**
 * What a verified JWT says about its holder.
 *
 * @param subject   {@code sub}: the client id the connection gets, so direct messages reach this user on any
 *                  connection of theirs
 * @param expiresAt {@code exp}, epoch seconds
 * @param join      {@code rooms}: rooms the holder may subscribe to and ask the presence of
 * @param publish   {@code publish}: rooms the holder may chat in; {@code *} is also needed to broadcast
 * @param devices   {@code devices}: device ids (or prefixes ending in {@code *}) the holder may write fixes for;
 *                  without the claim, only {@code sub}
 */
public record TokenClaims(String subject, long expiresAt, RoomGrants join, RoomGrants publish,
    DeviceGrants devices) {

  /** A token without a {@code devices} claim: it may write only its own {@code sub}. */
  public TokenClaims(String subject, long expiresAt, RoomGrants join, RoomGrants publish) {
    this(subject, expiresAt, join, publish, DeviceGrants.exactly(subject));
  }
}
