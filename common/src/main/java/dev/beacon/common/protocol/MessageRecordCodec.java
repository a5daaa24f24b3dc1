package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value schema of {@code beacon.messages} ({@link dev.beacon.runtime.kafka.Topics#MESSAGES}),
 * version 1 ({@code docs/schema/message.record.schema.json}):
 *
 * <pre>{"v":1,"kind":"chat","id":"7b0c...","room":"lobby","client_id":"c-1","gateway":"gw-a",
 *  "sender":"ana","content":"hi","ts":1763762345123,"verified_sub":"c-1"}</pre>
 *
 * A message with a JSON payload carries it in {@code data}, embedded as the exact JSON text its
 * author sent and read back as that text ({@link RawJson}), so it reaches recipients byte for byte;
 * {@code content} (or {@code message}) is then optional. Readers that predate {@code data} skip it.
 *
 * <p>A broadcast has no {@code room} and carries {@code message} instead of {@code content}; a
 * direct message has {@code to} instead of {@code room}. {@code verified_sub} is there only when
 * the author's connection was verified with a JWT (the gateway stamps it from the token, never from
 * the client's frame). The key is {@link MessageRecord#key()} in UTF-8, so a room's messages keep
 * their order. Readers ignore unknown fields.
 */
public final class MessageRecordCodec {

  private MessageRecordCodec() {}

  public static byte[] key(MessageRecord record) {
    return record.key().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(MessageRecord r) {
    JsonText json =
        JsonText.object(
                160
                    + (r.content() == null ? 0 : r.content().length())
                    + (r.data() == null ? 0 : r.data().length()))
            .field("v", RecordValues.VERSION)
            .field("kind", r.kind().wire())
            .field("id", r.id());
    if (r.room() != null) {
      json.field("room", r.room());
    }
    if (r.to() != null) {
      json.field("to", r.to());
    }
    json.field("client_id", r.clientId()).field("gateway", r.gateway()).field("sender", r.sender());
    json.optional(r.kind() == MessageRecord.Kind.BROADCAST ? "message" : "content", r.content());
    if (r.data() != null) {
      json.raw("data", r.data());
    }
    return json.field("ts", r.ts())
        .optional("verified_sub", r.verifiedSub())
        .close()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a record value.
   *
   * @throws IllegalArgumentException when the value is not a version-1 message; the message names
   *     the field
   */
  public static MessageRecord decode(byte[] value) {
    Fields f = new Fields(value);
    RecordValues.readObject(value, f);
    MessageRecord.Kind kind = MessageRecord.Kind.of(RecordValues.required(f.kind, "kind"));
    String content = kind == MessageRecord.Kind.BROADCAST ? f.message : f.content;
    return new MessageRecord(
        kind,
        f.id,
        f.room,
        f.to,
        f.clientId,
        f.gateway,
        f.sender,
        content,
        RecordValues.required(f.ts, "ts"),
        f.verifiedSub,
        f.data);
  }

  private static final class Fields implements RecordValues.FieldReader {
    final byte[] value;
    String kind;
    String id;
    String room;
    String to;
    String clientId;
    String gateway;
    String sender;
    String content;
    String message;
    Long ts;
    String verifiedSub;
    String data;

    Fields(byte[] value) {
      this.value = value;
    }

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "kind" -> kind = RecordValues.text(p, token, name);
        case "id" -> id = RecordValues.text(p, token, name);
        case "room" -> room = RecordValues.text(p, token, name);
        case "to" -> to = RecordValues.text(p, token, name);
        case "client_id" -> clientId = RecordValues.text(p, token, name);
        case "gateway" -> gateway = RecordValues.text(p, token, name);
        case "sender" -> sender = RecordValues.text(p, token, name);
        case "content" -> content = RecordValues.text(p, token, name);
        case "message" -> message = RecordValues.text(p, token, name);
        case "ts" -> ts = RecordValues.whole(p, token, name);
        case "verified_sub" -> verifiedSub = RecordValues.text(p, token, name);
        case "data" -> data = RawJson.valueText(p, token, value);
        default -> p.skipChildren();
      }
    }
  }
}
