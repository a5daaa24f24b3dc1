package dev.beacon.tools.bench.fanout;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the devices and followers of one {@link GpsFollowLoad} share; the window is set before any
 * send.
 */
final class GpsRun {

  final GpsFollowConfig config;
  final FixLog fixes;
  final FanoutStats stats = new FanoutStats();
  final FanoutStats allStats = new FanoutStats();
  final FanoutStats deviceStats = new FanoutStats();
  final LongAdder acked = new LongAdder();
  final LongAdder rejected = new LongAdder();
  volatile long measureStartNanos = Long.MAX_VALUE;
  volatile long measureEndNanos = Long.MAX_VALUE;

  GpsRun(GpsFollowConfig config, long baseSeconds) {
    this.config = config;
    this.fixes = new FixLog(config.devices(), config.fixesPerDevice(), baseSeconds);
  }

  boolean inWindow(long nanos) {
    return nanos >= measureStartNanos && nanos < measureEndNanos;
  }
}
