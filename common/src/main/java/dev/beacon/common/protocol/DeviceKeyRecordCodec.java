package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keys and values of the compacted {@code beacon.device-keys}, version 1 ({@code
 * docs/schema/device-key.record.schema.json}):
 *
 * <pre>
 * 3f9a1c2e7b4d6a01  {"v":1,"key_id":"3f9a1c2e7b4d6a01","devices":["32","33"],"label":"van 7",
 *                    "created_at":1763762345123,"secret_sha256":"9f86d0...","revoked_at":1763765945123}
 * </pre>
 *
 * {@code revoked_at} is present only on a revoked key. Unknown fields are skipped.
 */
public final class DeviceKeyRecordCodec {

  private DeviceKeyRecordCodec() {}

  public static byte[] key(DeviceKeyRecord record) {
    return record.keyId().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(DeviceKeyRecord record) {
    StringBuilder devices = new StringBuilder("[");
    for (String device : record.devices()) {
      JsonText.quote(devices.length() > 1 ? devices.append(',') : devices, device);
    }
    JsonText json =
        JsonText.object(192 + devices.length() + record.label().length())
            .field("v", RecordValues.VERSION)
            .field("key_id", record.keyId())
            .raw("devices", devices.append(']').toString())
            .field("label", record.label())
            .field("created_at", record.createdAt())
            .field("secret_sha256", record.secretSha256());
    if (record.revokedAt() != null) {
      json.field("revoked_at", record.revokedAt());
    }
    return json.close().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes one value.
   *
   * @throws IllegalArgumentException when it is malformed or breaks a rule of {@link
   *     DeviceKeyRecord}; the message names the field
   */
  public static DeviceKeyRecord decode(byte[] value) {
    Fields f = new Fields();
    RecordValues.readObject(value, f);
    return new DeviceKeyRecord(
        f.keyId,
        f.devices,
        f.label,
        RecordValues.required(f.createdAt, "created_at"),
        f.revokedAt,
        f.secretSha256);
  }

  private static final class Fields implements RecordValues.FieldReader {
    String keyId;
    List<String> devices;
    String label;
    Long createdAt;
    Long revokedAt;
    String secretSha256;

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "key_id" -> keyId = RecordValues.text(p, token, name);
        case "devices" -> devices = RecordValues.texts(p, token, name);
        case "label" -> label = RecordValues.text(p, token, name);
        case "created_at" -> createdAt = RecordValues.whole(p, token, name);
        case "revoked_at" -> revokedAt = RecordValues.whole(p, token, name);
        case "secret_sha256" -> secretSha256 = RecordValues.text(p, token, name);
        default -> p.skipChildren();
      }
    }
  }
}
