package dev.beacon.gateway.operations;

import dev.beacon.common.device.DeviceKeySecrets;
import dev.beacon.common.protocol.DeviceKeyRecord;
import dev.beacon.gateway.backend.DeviceKeyStore;
import io.vertx.core.Future;
import java.util.List;

/**
 * Making, listing and revoking device keys: behind the admin API's {@code /api/device-keys} and the
 * embedding API. With Kafka every key is cluster-wide ({@code beacon.device-keys}); in one process
 * it lasts as long as the process. The key itself is returned once, by {@link #create}; only its
 * SHA-256 is stored. Thread-safe.
 */
public final class DeviceKeyOperations {

  private final DeviceKeyStore store;

  DeviceKeyOperations(DeviceKeyStore store) {
    this.store = store;
  }

  /**
   * A new key.
   *
   * @param key the whole key: shown once, stored nowhere
   */
  public record Created(DeviceKeyRecord record, String key) {}

  /**
   * Makes a key for {@code devices} (ids or prefixes ending in {@code *}); succeeds once it is
   * stored.
   *
   * @throws IllegalArgumentException when {@code devices} or {@code label} break their rules (the
   *     message says how)
   */
  public Future<Created> create(List<String> devices, String label) {
    DeviceKeySecrets.Minted minted = DeviceKeySecrets.mint();
    DeviceKeyRecord record =
        new DeviceKeyRecord(
            minted.keyId(), devices, label, System.currentTimeMillis(), null, minted.sha256());
    return store.write(record).map(v -> new Created(record, minted.key()));
  }

  /** Every key this gateway knows, revoked ones included, oldest first. */
  public List<DeviceKeyRecord> list() {
    return store.directory().all();
  }

  /** The key {@code keyId}, or null when there is none. */
  public DeviceKeyRecord get(String keyId) {
    return store.directory().get(keyId);
  }

  /**
   * Revokes {@code keyId}: upgrades and {@code KEY} frames with it are refused from then on, and
   * connections holding it have every further fix refused. Revoking a revoked key changes nothing.
   *
   * @return the key as revoked, or a future failed with {@link IllegalArgumentException} when there
   *     is no such key
   */
  public Future<DeviceKeyRecord> revoke(String keyId) {
    DeviceKeyRecord key = store.directory().get(keyId);
    if (key == null) {
      return Future.failedFuture(new IllegalArgumentException("no device key '" + keyId + "'"));
    }
    if (key.revoked()) {
      return Future.succeededFuture(key);
    }
    DeviceKeyRecord revoked = key.revoke(System.currentTimeMillis());
    return store.write(revoked).map(v -> revoked);
  }
}
