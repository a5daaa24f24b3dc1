package dev.beacon.common.protocol;

import dev.beacon.common.device.DeviceGrants;
import dev.beacon.common.device.DeviceKeySecrets;
import java.util.List;

/**
 * A device key as the compacted {@code beacon.device-keys} holds it (codec: {@link
 * DeviceKeyRecordCodec}): which devices its holder may write, and the SHA-256 of the key, never the
 * key itself. Revoking writes the same record again with {@code revokedAt}; records are never
 * deleted, so a listing shows revoked keys too.
 *
 * @param keyId the key's id, also the record key ({@link DeviceKeySecrets#KEY_ID_HEX} hex
 *     characters)
 * @param devices device ids or prefixes ending in {@code *} the key may write ({@link
 *     DeviceGrants})
 * @param label the operator's note, e.g. {@code van 7}; empty when none, at most {@value
 *     #MAX_LABEL_LENGTH} characters
 * @param createdAt when the key was made, epoch milliseconds
 * @param revokedAt when it was revoked, epoch milliseconds; null while it is valid
 * @param secretSha256 SHA-256 of the whole key, lower-case hex
 */
public record DeviceKeyRecord(
    String keyId,
    List<String> devices,
    String label,
    long createdAt,
    Long revokedAt,
    String secretSha256) {

  public static final int MAX_LABEL_LENGTH = 128;

  public DeviceKeyRecord {
    if (!DeviceKeySecrets.isKeyId(RecordValues.required(keyId, "key_id"))) {
      throw new IllegalArgumentException(
          "field 'key_id' must be "
              + DeviceKeySecrets.KEY_ID_HEX
              + " lower-case hex characters, got '"
              + RoomNames.abbreviate(keyId)
              + "'");
    }
    String problem = DeviceGrants.problem(devices);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    devices = List.copyOf(devices);
    label = label == null ? "" : label;
    if (label.length() > MAX_LABEL_LENGTH || label.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "'label' must be at most "
              + MAX_LABEL_LENGTH
              + " printable characters, got "
              + label.length());
    }
    if (RecordValues.required(secretSha256, "secret_sha256").length() != 64) {
      throw new IllegalArgumentException(
          "field 'secret_sha256' must be 64 hex characters (a SHA-256)");
    }
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  /** This key, revoked at {@code when}; a key revoked already keeps its first revocation time. */
  public DeviceKeyRecord revoke(long when) {
    return revoked()
        ? this
        : new DeviceKeyRecord(keyId, devices, label, createdAt, when, secretSha256);
  }

  /** The devices it may write, as a matcher. */
  public DeviceGrants grants() {
    return DeviceGrants.of(devices);
  }
}
