package dev.beacon.gateway.security;

import dev.beacon.runtime.auth.TokenClaims;
import dev.beacon.runtime.devices.DeviceAccess;
import dev.beacon.runtime.devices.DeviceAuthMode;
import dev.beacon.runtime.devices.DeviceKeyDirectory;

/**
 * Which device ids one connection may write ({@link DeviceAccess}), and the one way that changes
 * after the upgrade: a {@code KEY <key>} first frame gives a connection without an identity the
 * key's devices. Confined to the connection's event loop.
 */
public final class DeviceIdentity {

  /** The text frame that presents a device key: {@code KEY <key>}. */
  public static final String KEY_FRAME = "KEY ";

  private final DeviceKeyDirectory keys;
  private DeviceAccess access;

  /**
   * @param keys where a {@code KEY} frame's key is checked; null where no keys exist (then every
   *     KEY is refused)
   */
  DeviceIdentity(DeviceAccess access, DeviceKeyDirectory keys) {
    this.access = access;
    this.keys = keys;
  }

  /**
   * Any device, no keys: a connection of a gateway built for tests or embedding without security.
   */
  static DeviceIdentity open() {
    return new DeviceIdentity(DeviceAccess.anonymous(DeviceAuthMode.OPEN), null);
  }

  /**
   * Why this connection may not write {@code deviceId} (code {@code device_not_permitted}); null
   * when it may.
   */
  public String refusal(String deviceId) {
    return access.refusal(deviceId);
  }

  public DeviceAccess access() {
    return access;
  }

  /**
   * A {@code KEY} frame: the connection takes the key's devices, or the reason it may not (then it
   * is closed).
   *
   * @param firstFrame whether this is the connection's first text frame: a key may only open a
   *     conversation
   * @return null when the key was taken, else why not, saying what to do
   */
  public String presentKey(String presented, boolean firstFrame) {
    if (access.identified()) {
      return "this connection already holds an identity ("
          + access.describe()
          + "); send KEY only on a connection"
          + " opened without a token or key";
    }
    if (!firstFrame) {
      return "KEY must be the connection's first frame; reconnect and send it before any fix";
    }
    if (keys == null) {
      return "this gateway has no device keys; connect without KEY";
    }
    DeviceKeyDirectory.Check check = keys.check(presented);
    if (!check.admitted()) {
      return check.refusal();
    }
    access = DeviceAccess.key(check.key(), keys);
    return null;
  }

  /** A {@code refresh} replaced the connection's token: a token's devices follow the new token. */
  void refreshed(TokenClaims fresh) {
    if (access instanceof DeviceAccess.Token) {
      access = DeviceAccess.token(fresh.subject(), fresh.devices());
    }
  }
}
