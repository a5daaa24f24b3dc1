package dev.beacon.tools.bench.fanout;

import java.util.Locale;

/**
 * What a publisher's chat frame carries (issue 21): text in {@code content}, or a JSON object in
 * {@code data}, padded to {@code sizeBytes} so text and JSON of the same size can be compared.
 * Either way it holds the stamp {@code F<publisher>:<seq>:<due nanos>} the subscribers read back:
 * first in {@code content} (then a space and the padding), or as {@code data.stamp}.
 *
 * @param sizeBytes the payload's size in UTF-8 bytes (the {@code content} string, or the {@code
 *     data} object as sent); 0 or less than the stamp needs: no padding
 */
public record ChatPayload(Kind kind, int sizeBytes) {

  /** Today's frames: the bare stamp in {@code content}. */
  public static final ChatPayload DEFAULT = new ChatPayload(Kind.TEXT, 0);

  public enum Kind {
    TEXT,
    JSON;

    /** {@code text} or {@code json}. */
    public static Kind parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default ->
            throw new IllegalArgumentException(
                "--payload must be 'text' (a content string) or 'json' (a data object), got "
                    + name);
      };
    }
  }

  public ChatPayload {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException(
          "--payload-size must be 0 (no padding) or a size in bytes, got " + sizeBytes);
    }
  }

  /** The frame's payload member, {@code "content":"..."} or {@code "data":{...}}. */
  String member(String stamp) {
    return switch (kind) {
      case TEXT -> "\"content\":\"" + text(stamp) + "\"";
      case JSON -> "\"data\":" + json(stamp);
    };
  }

  String text(String stamp) {
    int pad = sizeBytes - stamp.length() - 1;
    return pad <= 0 ? stamp : stamp + " " + "x".repeat(pad);
  }

  String json(String stamp) {
    String bare = "{\"stamp\":\"" + stamp + "\"}";
    // {"stamp":"...","pad":"<n>"} adds 9 bytes of member around the padding
    int pad = sizeBytes - bare.length() - 9;
    return pad < 0 ? bare : "{\"stamp\":\"" + stamp + "\",\"pad\":\"" + "x".repeat(pad) + "\"}";
  }

  /** The stamp of a chat frame sent with any payload, or null. */
  static String stampOf(String frame) {
    String content = ChatText.field(frame, "content");
    String stamp = content != null ? content : ChatText.field(frame, "stamp");
    if (stamp == null) {
      return null;
    }
    int space = stamp.indexOf(' ');
    return space < 0 ? stamp : stamp.substring(0, space);
  }

  /** {@code text, 4096 B} or {@code json, stamp only}. */
  public String describe() {
    return kind.name().toLowerCase(Locale.ROOT)
        + (sizeBytes == 0 ? ", stamp only" : ", " + sizeBytes + " B");
  }
}
