package dev.beacon.gateway.backend;

import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;

/**
 * The stamps of one delivery on the gateway side of its path: when the message's frame reached its
 * first gateway and when this gateway polled the delivery. Records the gateway's hops ({@link
 * Hop#GATEWAY_POLL}, {@link Hop#EVENT_LOOP}, {@link Hop#SOCKET_WRITE}, {@link Hop#END_TO_END});
 * {@link #NONE} records nothing (in-process deliveries, replays).
 */
public record DeliveryTiming(long receivedMicros, long polledMicros) {

  public static final DeliveryTiming NONE = new DeliveryTiming(0, 0);

  /**
   * On the recipients' event loop, before writing: records the hand-off and returns the time for
   * {@link #written}.
   */
  public long onLoop() {
    if (polledMicros == 0) {
      return 0;
    }
    long now = HopClock.nowMicros();
    Hop.EVENT_LOOP.recordMicros(now - polledMicros);
    return now;
  }

  /** After writing to every local recipient. */
  public void written(long onLoopMicros) {
    if (onLoopMicros == 0) {
      return;
    }
    long now = HopClock.nowMicros();
    Hop.SOCKET_WRITE.recordMicros(now - onLoopMicros);
    Hop.END_TO_END.recordMicros(now - receivedMicros);
  }
}
