package dev.beacon.runtime.devices;

import dev.beacon.common.device.DeviceGrants;
import dev.beacon.common.protocol.DeviceKeyRecord;
import java.time.Instant;

/**
 * Which device ids one connection may write fixes for, decided by the identity it presented: a
 * device key, a JWT, or none (then {@link DeviceAuthMode} decides). Immutable; a key's revocation
 * is looked up in its {@link DeviceKeyDirectory} on every fix, so it takes effect on connections
 * already open.
 */
public sealed interface DeviceAccess {

  /** Why this connection may not write {@code deviceId}, saying what to do; null when it may. */
  String refusal(String deviceId);

  /**
   * Whether the connection carries an identity (a key or a token), as opposed to being anonymous.
   */
  boolean identified();

  /**
   * What the connection is, for logs: {@code key 3f9a...}, {@code token sub 'ana'}, {@code
   * anonymous}.
   */
  String describe();

  /** A connection without an identity on a gateway running {@code mode}. */
  static DeviceAccess anonymous(DeviceAuthMode mode) {
    return mode == DeviceAuthMode.OPEN ? Anonymous.OPEN : Anonymous.REFUSED;
  }

  /** A connection holding a verified JWT. */
  static DeviceAccess token(String subject, DeviceGrants devices) {
    return new Token(subject, devices);
  }

  /** A connection holding a device key that checked out in {@code directory}. */
  static DeviceAccess key(DeviceKeyRecord key, DeviceKeyDirectory directory) {
    return new Key(key, key.grants(), directory);
  }

  /** No identity: any device when open, none when authenticated. */
  enum Anonymous implements DeviceAccess {
    OPEN,
    REFUSED;

    @Override
    public String refusal(String deviceId) {
      return this == OPEN
          ? null
          : "device "
              + deviceId
              + " needs a device identity on this gateway"
              + " (BEACON_DEVICE_AUTH=authenticated) and this connection has none; connect with /ws?key=<device key> or"
              + " send 'KEY <device key>' as the first frame (keys: POST /api/device-keys), or use a JWT";
    }

    @Override
    public boolean identified() {
      return false;
    }

    @Override
    public String describe() {
      return this == OPEN ? "anonymous (open)" : "anonymous (authenticated mode)";
    }
  }

  /** A JWT: its {@code devices} claim, or only its {@code sub}. */
  record Token(String subject, DeviceGrants devices) implements DeviceAccess {

    @Override
    public String refusal(String deviceId) {
      return devices.allows(deviceId)
          ? null
          : "device "
              + deviceId
              + " is not held by this connection's token (sub '"
              + subject
              + "', devices "
              + devices
              + "); ask for a token whose 'devices' claim includes it";
    }

    @Override
    public boolean identified() {
      return true;
    }

    @Override
    public String describe() {
      return "token sub '" + subject + "'";
    }
  }

  /** A device key: its {@code devices}, while it is not revoked. */
  record Key(DeviceKeyRecord key, DeviceGrants devices, DeviceKeyDirectory directory)
      implements DeviceAccess {

    @Override
    public String refusal(String deviceId) {
      if (!directory.isActive(key.keyId())) {
        DeviceKeyRecord now = directory.get(key.keyId());
        return "device key "
            + key.keyId()
            + " was revoked"
            + (now != null && now.revokedAt() != null
                ? " at " + Instant.ofEpochMilli(now.revokedAt())
                : "")
            + "; ask the operator for a new key and reconnect with it";
      }
      return devices.allows(deviceId)
          ? null
          : "device "
              + deviceId
              + " is not held by this connection's key "
              + key.keyId()
              + " (devices "
              + devices
              + "); connect with a key provisioned for device "
              + deviceId
              + " (POST /api/device-keys)";
    }

    @Override
    public boolean identified() {
      return true;
    }

    @Override
    public String describe() {
      return "key " + key.keyId();
    }
  }
}
