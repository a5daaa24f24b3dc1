package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.common.device.DeviceKeySecrets;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceKeyRecordCodecTest {

  private static final DeviceKeySecrets.Minted MINTED = DeviceKeySecrets.mint();

  @Test
  @DisplayName("a key record round-trips, keyed by its id, holding the hash and never the key")
  void roundTrip() {
    DeviceKeyRecord record =
        new DeviceKeyRecord(
            MINTED.keyId(),
            List.of("32", "33"),
            "van \"7\"",
            1_763_762_345_123L,
            null,
            MINTED.sha256());
    byte[] value = DeviceKeyRecordCodec.encode(record);
    String json = new String(value, StandardCharsets.UTF_8);
    assertThat(json)
        .doesNotContain(MINTED.key())
        .doesNotContain("revoked_at")
        .contains(MINTED.sha256());
    assertThat(new JsonObject(json).getInteger("v")).isEqualTo(1);
    assertThat(DeviceKeyRecordCodec.decode(value)).isEqualTo(record);
    assertThat(new String(DeviceKeyRecordCodec.key(record), StandardCharsets.UTF_8))
        .isEqualTo(MINTED.keyId());
    DeviceKeyRecord revoked = record.revoke(1_763_762_999_000L);
    assertThat(DeviceKeyRecordCodec.decode(DeviceKeyRecordCodec.encode(revoked)))
        .isEqualTo(revoked);
    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.revoke(1L).revokedAt()).isEqualTo(1_763_762_999_000L);
  }

  @Test
  @DisplayName("a malformed value is refused naming the field; unknown fields are skipped")
  void malformed() {
    String base =
        "{\"v\":1,\"key_id\":\""
            + MINTED.keyId()
            + "\",\"created_at\":1,\"secret_sha256\":\""
            + MINTED.sha256()
            + "\"";
    assertThatThrownBy(() -> decode(base + ",\"devices\":\"32\"}"))
        .hasMessageContaining("'devices'");
    assertThatThrownBy(() -> decode(base + ",\"devices\":[]}"))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> decode(base.replace(MINTED.keyId(), "XYZ") + ",\"devices\":[\"1\"]}"))
        .hasMessageContaining("key_id");
    assertThatThrownBy(() -> decode("{\"v\":2}")).hasMessageContaining("version");
    assertThat(decode(base + ",\"devices\":[\"1\"],\"future\":{\"x\":[1]}}").devices())
        .containsExactly("1");
  }

  private static DeviceKeyRecord decode(String json) {
    return DeviceKeyRecordCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
