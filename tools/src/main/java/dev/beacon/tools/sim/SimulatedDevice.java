package dev.beacon.tools.sim;

import io.vertx.core.Future;

/** One simulated device; both methods are called on the device's event loop. */
interface SimulatedDevice {

  /** Runs the device's whole life; completes (never fails) when it is over or stopped. */
  Future<Void> run();

  /** Ends the device now: closes its connection and completes {@link #run()}'s future. */
  void stop();
}
