package dev.beacon.gateway;

import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.TimingHeaders;
import org.apache.kafka.common.header.Headers;

/**
 * The stamps of one delivery on the gateway side of its path: when the message's frame reached its first gateway
 * and when this gateway polled the delivery. Records the gateway's hops ({@link Hop#GATEWAY_POLL},
 * {@link Hop#EVENT_LOOP}, {@link Hop#SOCKET_WRITE}, {@link Hop#END_TO_END}); {@link #NONE} records nothing
 * (in-process deliveries, replays).
 */
record DeliveryTiming(long receivedMicros, long polledMicros) {

  static final DeliveryTiming NONE = new DeliveryTiming(0, 0);

  /** Stamps a delivery just polled from {@code beacon.deliveries} and records the hop from the broadcaster. */
  static DeliveryTiming polled(Headers headers) {
    long received = TimingHeaders.get(headers, TimingHeaders.RECEIVED);
    if (received == 0) {
      return NONE;
    }
    long now = HopClock.nowMicros();
    long routed = TimingHeaders.get(headers, TimingHeaders.ROUTED);
    if (routed != 0) {
      Hop.GATEWAY_POLL.recordMicros(now - routed);
    }
    return new DeliveryTiming(received, now);
  }

  /** On the recipients' event loop, before writing: records the hand-off and returns the time for {@link #written}. */
  long onLoop() {
    if (polledMicros == 0) {
      return 0;
    }
    long now = HopClock.nowMicros();
    Hop.EVENT_LOOP.recordMicros(now - polledMicros);
    return now;
  }

  /** After writing to every local recipient. */
  void written(long onLoopMicros) {
    if (onLoopMicros == 0) {
      return;
    }
    long now = HopClock.nowMicros();
    Hop.SOCKET_WRITE.recordMicros(now - onLoopMicros);
    Hop.END_TO_END.recordMicros(now - receivedMicros);
  }
}
