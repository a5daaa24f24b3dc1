package dev.beacon.server.cli;

import dev.beacon.runtime.devices.DeviceAuthMode;
import picocli.CommandLine.Option;

/**
 * What a gateway lets connections without an identity write (docs/security.md, "Device identity").
 */
public final class DeviceAuthOptions {

  @Option(
      names = "--device-auth",
      defaultValue = "${env:BEACON_DEVICE_AUTH:-}",
      description =
          "What a connection without a device key or JWT may write: 'authenticated' = nothing (ERR "
              + "device_not_permitted), 'open' = any device id. A connection with a key or token writes only its own "
              + "devices either way (env BEACON_DEVICE_AUTH; default authenticated for 'gateway', open for 'local').")
  String deviceAuth;

  /** The mode set, or {@code whenUnset} when the flag and the variable are both empty. */
  public DeviceAuthMode mode(DeviceAuthMode whenUnset) {
    return deviceAuth == null || deviceAuth.isBlank()
        ? whenUnset
        : DeviceAuthMode.parse(deviceAuth);
  }
}
