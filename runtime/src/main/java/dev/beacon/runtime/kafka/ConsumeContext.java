package dev.beacon.runtime.kafka;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What a {@link ConsumeTask} may ask of the loop that runs it, in the manner of Kafka Connect's
 * {@code SinkTaskContext}. Called from the loop's thread only.
 */
public interface ConsumeContext {

  /** The loop's consumer, for seeks, commits and positions; the loop polls, wakes and closes it. */
  Consumer<byte[], byte[]> consumer();

  /** Subscribes to {@code topics}, bringing every rebalance to the task's hooks (and the log). */
  void subscribe(Collection<String> topics);

  /** Whether the loop was asked to stop: a task waiting for something at start gives up. */
  boolean stopping();

  /**
   * Waits the back-off after a failed turn (cut short by a stop) and doubles it for the next failure; when the loop
   * was stopped meanwhile, it ends after this turn.
   */
  void backOff();

  /** How long the next {@link #backOff()} waits, for the log line that announces it. */
  long nextBackOffMillis();

  /** A turn succeeded: the next failure waits the first back-off again. */
  void succeeded();

  /** Completes {@link ConsumeLoop#ready()}, for a task that is ready later than its start. */
  void ready();

  /** Ends the loop after this turn, as a stop would (the task is flushed). */
  void endLoop();
}
