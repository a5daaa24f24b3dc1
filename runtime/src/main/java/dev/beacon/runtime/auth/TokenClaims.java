package dev.beacon.runtime.auth;

import dev.beacon.common.device.DeviceGrants;
import java.util.List;

/**
 * What a verified JWT says about its holder.
 *
 * @param subject {@code sub}: the client id the connection gets, so direct messages reach this user
 *     on any connection of theirs
 * @param expiresAt {@code exp}, epoch seconds
 * @param join {@code rooms}: rooms the holder may subscribe to and ask the presence of
 * @param publish {@code publish}: rooms the holder may chat in; {@code *} is also needed to
 *     broadcast
 * @param direct {@code direct}: client ids the holder may send {@code direct} messages to; a token
 *     with none of {@code rooms}, {@code publish} and {@code direct} restricts nothing and may
 *     write to anyone, a token with one of them but no {@code direct} may write to no one
 * @param devices {@code devices}: device ids (or prefixes ending in {@code *}) the holder may write
 *     fixes for; without the claim, only {@code sub}
 * @param read {@code read}: devices whose stored positions the holder may read from the ingestor's
 *     API; none when the claim is absent
 * @param channels {@code channels}: rooms the connection is subscribed to by the server on connect
 *     (server-side subscriptions, as Centrifugo's claim of that name); each is also granted, as if
 *     in {@code rooms}; empty when the claim is absent
 */
public record TokenClaims(
    String subject,
    long expiresAt,
    RoomGrants join,
    RoomGrants publish,
    RoomGrants direct,
    DeviceGrants devices,
    ReadGrants read,
    List<String> channels) {

  public TokenClaims {
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** A token without a {@code channels} claim. */
  public TokenClaims(
      String subject,
      long expiresAt,
      RoomGrants join,
      RoomGrants publish,
      RoomGrants direct,
      DeviceGrants devices,
      ReadGrants read) {
    this(subject, expiresAt, join, publish, direct, devices, read, List.of());
  }

  /** Whether the holder may subscribe to {@code room}: its {@code rooms} or {@code channels}. */
  public boolean mayJoin(String room) {
    return join.allows(room) || channels.contains(room);
  }

  /**
   * A token without {@code direct}, {@code devices} and {@code read} claims: it writes only its own
   * {@code sub}.
   */
  public TokenClaims(String subject, long expiresAt, RoomGrants join, RoomGrants publish) {
    this(subject, expiresAt, join, publish, RoomGrants.any());
  }

  /** A token without {@code devices} and {@code read} claims. */
  public TokenClaims(
      String subject, long expiresAt, RoomGrants join, RoomGrants publish, RoomGrants direct) {
    this(
        subject,
        expiresAt,
        join,
        publish,
        direct,
        DeviceGrants.exactly(subject),
        ReadGrants.none());
  }
}
