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
 * </pre>
 */
public final class ControlRecordCodec {

  private ControlRecordCodec() {}

  public static byte[] key(ControlRecord record) {
    return record.clientId().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] encode(ControlRecord record) {
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
      throw new IllegalArgumentException(
          "field 'command' must be disconnect, got '" + RoomNames.abbreviate(command) + "'");
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

    @Override
    public void read(String name, JsonToken token, JsonParser p) throws IOException {
      switch (name) {
        case "command" -> command = RecordValues.text(p, token, name);
        case "client_id" -> clientId = RecordValues.text(p, token, name);
        case "code" -> code = RecordValues.whole(p, token, name);
        case "reason" -> reason = RecordValues.text(p, token, name);
        default -> p.skipChildren();
      }
    }
  }
}
