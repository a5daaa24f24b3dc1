package dev.beacon.runtime.devices;

import dev.beacon.common.device.DeviceKeySecrets;
import dev.beacon.common.protocol.DeviceKeyRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device keys a process knows, by key id: filled from {@code beacon.device-keys} by a {@link
 * DeviceKeyFeed} (or directly, in one process), asked by every listener that takes fixes.
 * Thread-safe; reads never block. Revocation is final: once a key is seen revoked, a later record
 * that is not revoked does not bring it back.
 */
public final class DeviceKeyDirectory {

  private final Map<String, DeviceKeyRecord> byId = new ConcurrentHashMap<>();

  /**
   * The outcome of presenting a key.
   *
   * @param key the key's record when it was admitted, else null
   * @param refusal why it was refused, in words the device's owner can act on; null when admitted
   */
  public record Check(DeviceKeyRecord key, String refusal) {

    public boolean admitted() {
      return refusal == null;
    }
  }

  /** Takes the newest state of one key. */
  public void apply(DeviceKeyRecord record) {
    byId.merge(
        record.keyId(), record, (old, fresh) -> old.revoked() && !fresh.revoked() ? old : fresh);
  }

  /** Every key, revoked ones included, oldest first. */
  public List<DeviceKeyRecord> all() {
    return byId.values().stream()
        .sorted(
            Comparator.comparingLong(DeviceKeyRecord::createdAt)
                .thenComparing(DeviceKeyRecord::keyId))
        .toList();
  }

  /** The key {@code keyId}, or null. */
  public DeviceKeyRecord get(String keyId) {
    return byId.get(keyId);
  }

  /**
   * Whether {@code keyId} is known and not revoked: checked on every fix, so a revocation takes
   * effect at once.
   */
  public boolean isActive(String keyId) {
    DeviceKeyRecord key = byId.get(keyId);
    return key != null && !key.revoked();
  }

  /**
   * Checks a presented key: its shape, then its hash against the stored one (constant time), then
   * revocation. An unknown id and a wrong secret get the same answer, so the answer tells a guesser
   * nothing; only the holder of the real key learns that it was revoked.
   */
  public Check check(String presented) {
    String keyId = DeviceKeySecrets.keyIdOf(presented);
    if (keyId == null) {
      return new Check(
          null,
          "the device key is malformed: expected "
              + DeviceKeySecrets.PREFIX
              + "<16 hex>_<43 base64url characters>, exactly as shown when it was created");
    }
    DeviceKeyRecord key = byId.get(keyId);
    if (key == null || !DeviceKeySecrets.matches(presented, key.secretSha256())) {
      return new Check(
          null,
          "device key "
              + keyId
              + " is not known to this gateway; check the key, or provision one"
              + " with POST /api/device-keys");
    }
    if (key.revoked()) {
      return new Check(
          null,
          "device key "
              + keyId
              + " was revoked at "
              + Instant.ofEpochMilli(key.revokedAt())
              + "; ask the operator for a new key");
    }
    return new Check(key, null);
  }
}
