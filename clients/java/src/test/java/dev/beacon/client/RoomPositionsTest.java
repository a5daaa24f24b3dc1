package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomPositionsTest {

  private final RoomPositions rooms = new RoomPositions();

  @Test
  @DisplayName(
      "the last position per followed room is kept for since, and a replayed one is a duplicate")
  void tracksAndDeduplicates() {
    rooms.follow("r");
    assertThat(rooms.since("r")).isNull();
    assertThat(rooms.advance("r", "q2vKd7Lw-3-10")).isTrue();
    assertThat(rooms.advance("r", "q2vKd7Lw-3-11")).isTrue();
    assertThat(rooms.advance("r", "q2vKd7Lw-3-11")).isFalse();
    assertThat(rooms.advance("r", "q2vKd7Lw-3-9")).isFalse();
    assertThat(rooms.since("r")).isEqualTo("q2vKd7Lw-3-11");
  }

  @Test
  @DisplayName(
      "a new topic epoch starts over, and rooms not followed or messages without a position pass")
  void otherCases() {
    rooms.follow("r");
    rooms.advance("r", "q2vKd7Lw-3-100");
    assertThat(rooms.advance("r", "Zz9xYy8w-3-1")).isTrue();
    assertThat(rooms.since("r")).isEqualTo("Zz9xYy8w-3-1");
    assertThat(rooms.advance("other", "q2vKd7Lw-3-1")).isTrue();
    assertThat(rooms.since("other")).isNull();
    assertThat(rooms.advance(null, null)).isTrue();
    rooms.unfollow("r");
    assertThat(rooms.rooms()).isEmpty();
  }
}
