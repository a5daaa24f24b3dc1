package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.DeviceKeyRecord;
import dev.beacon.runtime.devices.DeviceKeyDirectory;
import io.vertx.core.Future;

/**
 * Where device keys are kept: on Kafka ({@code beacon.device-keys}, every gateway of the cluster
 * reads them) or in one process's memory ({@link #inMemory()}: an embedded gateway's keys last as
 * long as the process). Thread-safe.
 */
public interface DeviceKeyStore {

  /**
   * The keys this gateway knows, kept up to date: what upgrades and {@code KEY} frames are checked
   * against.
   */
  DeviceKeyDirectory directory();

  /**
   * Stores the newest state of one key (made or revoked); succeeds once it is durable, and the
   * {@link #directory()} of this process holds it by then.
   */
  Future<Void> write(DeviceKeyRecord record);

  /** Keys in this process only, gone when it stops: for the in-process backend. */
  static DeviceKeyStore inMemory() {
    DeviceKeyDirectory directory = new DeviceKeyDirectory();
    return new DeviceKeyStore() {
      @Override
      public DeviceKeyDirectory directory() {
        return directory;
      }

      @Override
      public Future<Void> write(DeviceKeyRecord record) {
        directory.apply(record);
        return Future.succeededFuture();
      }
    };
  }
}
