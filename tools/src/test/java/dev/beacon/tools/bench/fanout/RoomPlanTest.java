package dev.beacon.tools.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomPlanTest {

  @Test
  @DisplayName(
      "5,000 rooms of 4 over 1,000 connections: 20 rooms each, 4 distinct members per room")
  void spreadsManyRoomsEvenly() {
    RoomPlan plan = new RoomPlan("r", 5000, 4, 1000);
    Map<Integer, Integer> membersPerRoom = new HashMap<>();
    for (int c = 0; c < 1000; c++) {
      int[] rooms = plan.roomsOf(c);
      assertThat(rooms).hasSize(20).doesNotHaveDuplicates();
      for (int r : rooms) {
        membersPerRoom.merge(r, 1, Integer::sum);
      }
    }
    assertThat(membersPerRoom).hasSize(5000);
    assertThat(membersPerRoom.values()).allMatch(n -> n == 4);
    assertThat(plan.memberships()).isEqualTo(20_000);
  }

  @Test
  @DisplayName(
      "a room's members are consecutive connections, so round-robin puts them on different gateways")
  void membersAreConsecutiveConnections() {
    RoomPlan plan = new RoomPlan("r", 10, 4, 8);
    assertThat(plan.roomsOf(0)).containsExactly(0, 2, 4, 6, 8);
    assertThat(plan.roomsOf(4)).containsExactly(1, 3, 5, 7, 9);
  }

  @Test
  @DisplayName("one room: every connection in it, every message to it, the name unchanged")
  void singleRoom() {
    RoomPlan plan = RoomPlan.singleRoom("bench", 200);
    assertThat(plan.roomsOf(0)).containsExactly(0);
    assertThat(plan.roomsOf(199)).containsExactly(0);
    assertThat(plan.roomOfMessage(3, 12345)).isZero();
    assertThat(plan.roomName(0)).isEqualTo("bench");
    assertThat(new RoomPlan("r", 3, 1, 3).roomName(2)).isEqualTo("r-2");
  }

  @Test
  @DisplayName("messages go to rooms every party computes alike, spread over all the rooms")
  void messagesSpreadOverRooms() {
    RoomPlan plan = new RoomPlan("r", 50, 4, 20);
    int[] hits = new int[50];
    for (int seq = 0; seq < 50_000; seq++) {
      int room = plan.roomOfMessage(seq % 4, seq);
      assertThat(room).isEqualTo(plan.roomOfMessage(seq % 4, seq));
      hits[room]++;
    }
    for (int h : hits) {
      assertThat(h).isBetween(800, 1200);
    }
  }

  @Test
  @DisplayName("a plan that cannot give each room distinct members is refused with what to change")
  void refusesImpossiblePlans() {
    assertThatThrownBy(() -> new RoomPlan("r", 10, 5, 4))
        .hasMessageContaining("5 members per room");
    assertThatThrownBy(() -> new RoomPlan("r", 1, 2, 10)).hasMessageContaining("in no room");
    assertThatThrownBy(() -> new RoomPlan("r", 0, 1, 1)).hasMessageContaining("at least 1");
  }
}
