package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value schema of {@code beacon.deliveries} ({@link
 * dev.beacon.runtime.kafka.Topics#DELIVERIES}), version 1 ({@code
 * docs/schema/delivery.record.schema.json}):
 *
 * <pre>{"v":1,"target":"room","room":"lobby","message_id":"7b0c...",
 *  "payload":{"type":"chat","sender":"ana","content":"hi","room":"lobby","client_id":"c-1","timestamp":1763762345123}}
 * </pre>
 *
 * {@code payload} is embedded as a JSON object (readable with kcat) and kept as its exact text when
 * decoded, so a gateway never re-encodes it. It must not carry {@code pos}. The key is {@link
 * DeliveryRecord#key()}.
 */
public final class DeliveryRecordCodec {

  private DeliveryRecordCodec() {}

  public static byte[] key(DeliveryRecord record) {
    return record.key().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(DeliveryRecord r) {
    JsonText json =
        JsonText.object(96 + r.payload().length())
            .field("v", RecordValues.VERSION)
            .field("target", r.target().wire());
    if (r.room() != null) {
      json.field("room", r.room());
    }
    if (r.client() != null) {
      json.field("client", r.client());
    }
    return json.field("message_id", r.messageId())
        .raw("payload", r.payload())
        .close()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the value is not a version-1 delivery; the message names
   *     the field
   */
  public static DeliveryRecord decode(byte[] value) {
    Fields f = new Fields(value);
    RecordValues.readObject(value, f);
    DeliveryRecord.Target target =
        DeliveryRecord.Target.of(RecordValues.required(f.target, "target"));
    return new DeliveryRecord(
        target, f.room, f.client, f.messageId, RecordValues.required(f.payload, "payload"));
  }

  private static final class Fields implements RecordValues.FieldReader {
    final byte[] value;
    String target;
    String room;
    String client;
    String messageId;
    String payload;

    Fields(byte[] value) {
      this.value = value;
    }

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "target" -> target = RecordValues.text(p, token, name);
        case "room" -> room = RecordValues.text(p, token, name);
        case "client" -> client = RecordValues.text(p, token, name);
        case "message_id" -> messageId = RecordValues.text(p, token, name);
        case "payload" -> payload = payload(token, p);
        default -> p.skipChildren();
      }
    }

    /** The payload object's exact text, checked to be an object without a top-level {@code pos}. */
    private String payload(JsonToken token, JsonParser p) throws IOException {
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.START_OBJECT) {
        throw RecordValues.wrongType(p, token, "payload", "a JSON object");
      }
      int start = (int) p.currentTokenLocation().getByteOffset();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if (p.currentName().equals("pos")) {
          throw new IllegalArgumentException(
              "field 'payload' must not carry 'pos'; gateways add it on delivery");
        }
        p.nextToken();
        p.skipChildren();
      }
      int end = (int) p.currentTokenLocation().getByteOffset() + 1;
      return new String(value, start, end - start, StandardCharsets.UTF_8);
    }
  }
}
