package dev.beacon.tools.bench.fanout;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The fan-out scenarios users meet (issue 9, item 3), by the name {@code --scenario} takes. */
public enum FanoutScenario {
  /** P publishers, S subscribers in one room, at rate steps or up to saturation. */
  ROOM("room", "one room: P publishers, S subscribers, at --rate / --rate-steps or --saturate"),
  /**
   * One room with 10,000 subscribers and 10 messages/s: how long until everyone has each message.
   */
  BIG_ROOM("big-room", "one room of 10,000 subscribers, 10 messages/s (a big broadcast)"),
  /** 5,000 rooms of 4 members, 1,000 messages/s spread over them (many small chats). */
  MANY_ROOMS(
      "many-rooms",
      "5,000 rooms of 4 members, 1,000 messages/s to random rooms (many small chats)"),
  /** 10,000 devices at 1 fix/s, followers of gps:* and of single devices. */
  GPS(
      "gps",
      "live GPS: 10,000 devices at 1 fix/s, 200 followers of gps:*, 1,000 followers of one device each");

  private final String cliName;
  private final String description;

  FanoutScenario(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  /** The scenarios {@code name} stands for: one, or every one in order for {@code all}. */
  public static List<FanoutScenario> parse(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("all")) {
      return List.of(values());
    }
    for (FanoutScenario s : values()) {
      if (s.cliName.equals(wanted)) {
        return List.of(s);
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '"
            + name
            + "'; use one of "
            + String.join(", ", Arrays.stream(values()).map(FanoutScenario::cliName).toList())
            + " or all");
  }
}
