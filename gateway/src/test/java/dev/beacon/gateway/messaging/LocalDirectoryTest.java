package dev.beacon.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.protocol.CloseCodes;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.ServerMessages;
import dev.beacon.common.protocol.StreamPosition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalDirectoryTest {

  private static final StreamPosition POS = new StreamPosition("q2vKd7Lw", 3, 1042);

  private final LocalDirectory directory = new LocalDirectory();

  private static DeliveryRecord toRoom(String room, String content) {
    return DeliveryRecord.toRoom(room, "m1", ServerMessages.chat("ana", content, room, "c-x", 1L));
  }

  @Test
  @DisplayName("a room delivery is built once and the same bytes go to each member, nobody else")
  void sameBytesToMembers() {
    RecordingConnection a = new RecordingConnection();
    RecordingConnection b = new RecordingConnection();
    RecordingConnection outsider = new RecordingConnection();
    MessagingClient ca = RecordingConnection.client("a", a, directory, 1 << 20);
    MessagingClient cb = RecordingConnection.client("b", b, directory, 1 << 20);
    RecordingConnection.client("o", outsider, directory, 1 << 20).activate();
    ca.activate();
    cb.activate();
    ca.join("ops");
    cb.join("ops");
    assertThat(directory.deliver(toRoom("ops", "hi"), POS)).isEqualTo(2);
    assertThat(a.frames).hasSize(1);
    assertThat(b.frames).hasSize(1);
    assertThat(a.frames.get(0))
        .as("one frame, encoded once, behind both writes")
        .isSameAs(b.frames.get(0));
    assertThat(outsider.frames).isEmpty();
    assertThat(directory.deliver(toRoom("nobody-here", "hi"), POS)).isZero();
  }

  @Test
  @DisplayName("direct deliveries reach one client; released clients receive nothing")
  void directAndRelease() {
    RecordingConnection a = new RecordingConnection();
    MessagingClient ca = RecordingConnection.client("a", a, directory, 1 << 20);
    ca.activate();
    DeliveryRecord direct =
        DeliveryRecord.toClient("a", "m1", ServerMessages.direct("b", "psst", "b", "a", 1L));
    assertThat(directory.deliver(direct, POS)).isEqualTo(1);
    ca.release();
    assertThat(directory.size()).isZero();
    assertThat(directory.deliver(direct, POS)).isZero();
  }

  @Test
  @DisplayName(
      "unflushed delivery bytes above the limit close the client with 4010; flushed ones free the budget")
  void slowConsumer() {
    RecordingConnection slow = new RecordingConnection();
    slow.autoComplete = false;
    MessagingClient client = RecordingConnection.client("s", slow, directory, 65_536);
    client.activate();
    String big = "x".repeat(4000);
    for (int i = 0; i < 15; i++) {
      directory.deliver(toRoom("lobby", big), POS);
    }
    assertThat(slow.closedWith).isZero();
    slow.readAll();
    assertThat(client.outboundBytes()).isZero();
    for (int i = 0; i < 17; i++) {
      directory.deliver(toRoom("lobby", big), POS);
    }
    assertThat(slow.closedWith).isEqualTo(CloseCodes.SLOW_CONSUMER);
  }
}
