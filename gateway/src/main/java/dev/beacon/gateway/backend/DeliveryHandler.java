package dev.beacon.gateway.backend;

import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.StreamPosition;

/**
 * Where a backend hands the deliveries it receives, in the manner of centrifuge's {@code
 * BrokerEventHandler}: the gateway writes each to its local recipients on every event loop.
 * Callable from any thread; returns at once.
 */
public interface DeliveryHandler {

  /**
   * {@code timing} feeds the hop histograms of the recipients' loops ({@link DeliveryTiming#NONE}
   * for none).
   */
  void dispatch(DeliveryRecord delivery, StreamPosition pos, DeliveryTiming timing);
}
