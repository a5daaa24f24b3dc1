package dev.beacon.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reads of the version-1 JSON values of Beacon's topics, shared by every record codec
 * (messages, deliveries, presence, control, and {@link dev.beacon.common.gps.GpsRecordCodec}): one
 * pass over the bytes, no intermediate map, a field of the wrong type reported as {@link
 * IllegalArgumentException} naming the field.
 *
 * <p>{@link #readObject} checks that the value is a JSON object with {@code "v":1} and hands every
 * other top-level field to the codec's {@link FieldReader}, which reads it with {@link #number},
 * {@link #whole}, {@link #text} or {@link #texts}, or skips it. Unknown fields are skipped, so
 * fields may be added without a version bump.
 */
public final class RecordValues {

  public static final int VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  /** Receives each top-level field with the parser on the field's first value token. */
  @FunctionalInterface
  public interface FieldReader {
    void read(String name, JsonToken token, JsonParser parser) throws IOException;
  }

  private RecordValues() {}

  /**
   * Reads the top-level object of {@code value}, passing each field to {@code reader}, and checks
   * {@code "v":1}. Fields the reader does not consume must be skipped by it ({@link
   * JsonParser#skipChildren()}).
   */
  public static void readObject(byte[] value, FieldReader reader) {
    readObject(value, reader, VERSION);
  }

  /**
   * {@link #readObject(byte[], FieldReader)} for a schema with several versions: accepts {@code
   * "v"} from 1 to {@code newest}.
   *
   * @return the record's version
   */
  public static int readObject(byte[] value, FieldReader reader, int newest) {
    if (value == null) {
      throw new IllegalArgumentException("record has no value");
    }
    Number version = null;
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("value is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        if (name.equals("v")) {
          version = number(parser, token, name);
        } else {
          reader.read(name, token, parser);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "value is not a JSON object: " + firstLine(e.getMessage()));
    }
    if (version == null
        || version.doubleValue() != version.intValue()
        || version.intValue() < 1
        || version.intValue() > newest) {
      throw new IllegalArgumentException(
          "unsupported schema version "
              + version
              + ", expected "
              + (newest == 1 ? "1" : "1 to " + newest));
    }
    return version.intValue();
  }

  /** A number, integer or not; null when JSON null. */
  public static Number number(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      // Beyond a long it is not a number any field means (and getLongValue would fail on it).
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw wrongType(parser, token, name, "a number within the range of a 64-bit integer");
      }
      return parser.getNumberValue();
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getDoubleValue();
    }
    throw wrongType(parser, token, name, "a number");
  }

  /** A whole number such as epoch milliseconds; null when JSON null. */
  public static Long whole(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    throw wrongType(parser, token, name, "a whole number");
  }

  /** A string; null when JSON null. */
  public static String text(JsonParser parser, JsonToken token, String name) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    throw wrongType(parser, token, name, "a string");
  }

  /** An array of strings; null when JSON null. */
  public static List<String> texts(JsonParser parser, JsonToken token, String name)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw wrongType(parser, token, name, "an array of strings");
    }
    List<String> texts = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw wrongType(parser, t, name, "an array of strings");
      }
      texts.add(parser.getText());
    }
    return texts;
  }

  /**
   * The error for a field of the wrong type: its name, what it must be, and (abbreviated) what it
   * was.
   */
  public static IllegalArgumentException wrongType(
      JsonParser parser, JsonToken token, String name, String expected) throws IOException {
    String got = token.isStructStart() ? token.asString() : parser.getText();
    return new IllegalArgumentException(
        "field '"
            + name
            + "' must be "
            + expected
            + ", got "
            + RoomNames.abbreviate(String.valueOf(got)));
  }

  /** Throws "missing field" when {@code value} is null or empty. */
  public static <T> T required(T value, String name) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
    return value;
  }

  private static String firstLine(String s) {
    return String.valueOf(s).lines().findFirst().orElse("");
  }
}
