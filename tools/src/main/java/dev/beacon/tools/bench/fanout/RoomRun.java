package dev.beacon.tools.bench.fanout;

/**
 * What the publishers and subscribers of one {@link FanoutLoad} share: the configuration, the
 * counters, the per-message completion and the measured window (set once by the load's thread
 * before any send).
 */
final class RoomRun {

  final FanoutConfig config;
  final ChatPayload payload;
  final FanoutStats stats = new FanoutStats();
  final MessageCompletion completion;
  volatile long measureStartNanos = Long.MAX_VALUE;
  volatile long measureEndNanos = Long.MAX_VALUE;

  RoomRun(FanoutConfig config, ChatPayload payload) {
    this.config = config;
    this.payload = payload;
    this.completion = new MessageCompletion(config.publishers(), config.quota(0));
  }
}
