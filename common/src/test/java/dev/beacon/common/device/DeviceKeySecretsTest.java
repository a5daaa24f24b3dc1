package dev.beacon.common.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceKeySecretsTest {

  @Test
  @DisplayName(
      "a minted key is bk_<16 hex>_<43 base64url>, its id parses back, and only its SHA-256 is kept")
  void mint() throws Exception {
    DeviceKeySecrets.Minted minted = DeviceKeySecrets.mint();
    assertThat(minted.key())
        .matches("bk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")
        .startsWith("bk_" + minted.keyId() + "_");
    assertThat(DeviceKeySecrets.keyIdOf(minted.key())).isEqualTo(minted.keyId());
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(minted.key().getBytes(StandardCharsets.UTF_8)));
    assertThat(minted.sha256()).isEqualTo(expected).doesNotContain(minted.key());
    assertThat(DeviceKeySecrets.mint().key()).isNotEqualTo(minted.key());
  }

  @Test
  @DisplayName(
      "the key matches its hash; a key with one character changed, or another shape, does not")
  void matches() {
    DeviceKeySecrets.Minted minted = DeviceKeySecrets.mint();
    assertThat(DeviceKeySecrets.matches(minted.key(), minted.sha256())).isTrue();
    String last = minted.key().substring(minted.key().length() - 1);
    String changed =
        minted.key().substring(0, minted.key().length() - 1) + (last.equals("A") ? "B" : "A");
    assertThat(DeviceKeySecrets.matches(changed, minted.sha256())).isFalse();
    assertThat(DeviceKeySecrets.matches(minted.key(), "not hex")).isFalse();
    assertThat(DeviceKeySecrets.keyIdOf("bk_short_x")).isNull();
    assertThat(DeviceKeySecrets.keyIdOf(null)).isNull();
    assertThat(DeviceKeySecrets.keyIdOf(minted.key() + "x")).isNull();
    assertThat(DeviceKeySecrets.isKeyId(minted.keyId())).isTrue();
    assertThat(DeviceKeySecrets.isKeyId("../etc")).isFalse();
  }
}
