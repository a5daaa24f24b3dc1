package dev.beacon.runtime.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.device.DeviceKeySecrets;
import dev.beacon.common.protocol.DeviceKeyRecord;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceKeyDirectoryTest {

  final DeviceKeyDirectory directory = new DeviceKeyDirectory();
  final DeviceKeySecrets.Minted minted = DeviceKeySecrets.mint();
  final DeviceKeyRecord key =
      new DeviceKeyRecord(minted.keyId(), List.of("32"), "van 7", 1_000L, null, minted.sha256());

  @Test
  @DisplayName(
      "admits the key; an unknown id and a wrong secret get one answer; a malformed key says its shape")
  void check() {
    directory.apply(key);
    assertThat(directory.check(minted.key()).admitted()).isTrue();
    assertThat(directory.check(minted.key()).key()).isEqualTo(key);
    String wrongSecret =
        minted.key().substring(0, 20) + DeviceKeySecrets.mint().key().substring(20);
    String unknown = DeviceKeySecrets.mint().key();
    assertThat(directory.check(wrongSecret).refusal())
        .contains("is not known")
        .contains(minted.keyId());
    assertThat(directory.check(unknown).refusal()).contains("is not known");
    assertThat(directory.check("hunter2").refusal())
        .contains("malformed")
        .doesNotContain("hunter2");
  }

  @Test
  @DisplayName(
      "a revoked key is refused saying so, and a later unrevoked record does not bring it back")
  void revocationIsFinal() {
    directory.apply(key);
    directory.apply(key.revoke(2_000L));
    assertThat(directory.check(minted.key()).refusal()).contains("was revoked");
    assertThat(directory.isActive(minted.keyId())).isFalse();
    directory.apply(key);
    assertThat(directory.isActive(minted.keyId())).isFalse();
    assertThat(directory.all())
        .singleElement()
        .satisfies(k -> assertThat(k.revokedAt()).isEqualTo(2_000L));
  }

  @Test
  @DisplayName(
      "a key's access follows its devices and stops at its revocation; anonymous access follows the mode")
  void access() {
    directory.apply(key);
    DeviceAccess access = DeviceAccess.key(key, directory);
    assertThat(access.refusal("32")).isNull();
    assertThat(access.refusal("33"))
        .startsWith("device 33 is not held by this connection's key " + key.keyId());
    directory.apply(key.revoke(2_000L));
    assertThat(access.refusal("32")).contains("was revoked");
    assertThat(DeviceAccess.anonymous(DeviceAuthMode.OPEN).refusal("32")).isNull();
    assertThat(DeviceAccess.anonymous(DeviceAuthMode.AUTHENTICATED).refusal("32"))
        .contains("needs a device identity");
    assertThat(DeviceAuthMode.parse(" Open ")).isEqualTo(DeviceAuthMode.OPEN);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceAuthMode.parse("closed"))
        .hasMessageContaining("BEACON_DEVICE_AUTH");
  }
}
