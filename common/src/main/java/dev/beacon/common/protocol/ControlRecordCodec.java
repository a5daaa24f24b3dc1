package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Keys and values of {@code beacon.control} ({@link dev.beacon.runtime.kafka.Topics#CONTROL}),
 * version 1 ({@code docs/schema/control.record.schema.json}):
 *
 * <pre>
 * c-1  {"v":1,"command":"disconnect","client_id":"c-1","code":4000,"reason":"banned by ops"}
 * c-1  {"v":1,"command":"subscribe","client_id":"c-1","room":"news"}
 * c-1  {"v":1,"command":"unsubscribe","client_id":"c-1","room":"news"}
 * </pre>
 *
 * A gateway older than the {@code subscribe} and {@code unsubscribe} commands dead-letters them.
 */
public final class ControlRecordCodec {

  private ControlRecordCodec() {}

  public static byte[] key(ControlRecord record) {
    return record.clientId().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(ControlRecord record) {
    if (!record.isDisconnect()) {
      return JsonText.object(96)
          .field("v", RecordValues.VERSION)
          .field("command", record.command())
          .field("client_id", record.clientId())
          .field("room", record.room())
          .close()
          .getBytes(StandardCharsets.UTF_8);
    }
    return JsonText.object(96 + record.reason().length())
        .field("v", RecordValues.VERSION)
        .field("command", ControlRecord.DISCONNECT)
        .field("client_id", record.clientId())
        .field("code", record.code())
        .field("reason", record.reason())
        .close()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes one value.
   *
   * @throws IllegalArgumentException when the value is malformed or names a command this version
   *     does not know
   */
  public static ControlRecord decode(byte[] value) {
    Fields f = new Fields();
    RecordValues.readObject(value, f);
    String command = RecordValues.required(f.command, "command");
    if (!ControlRecord.DISCONNECT.equals(command)) {
      return new ControlRecord(command, f.clientId, 0, "", f.room);
    }
    Long code = RecordValues.required(f.code, "code");
    return new ControlRecord(
        f.clientId, code < 0 || code > 65_535 ? -1 : code.intValue(), f.reason);
  }

  private static final class Fields implements RecordValues.FieldReader {
    String command;
    String clientId;
    Long code;
    String reason;
    String room;

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "command" -> command = RecordValues.text(p, token, name);
        case "client_id" -> clientId = RecordValues.text(p, token, name);
        case "code" -> code = RecordValues.whole(p, token, name);
        case "reason" -> reason = RecordValues.text(p, token, name);
        case "room" -> room = RecordValues.text(p, token, name);
        default -> p.skipChildren();
      }
    }
  }
}
