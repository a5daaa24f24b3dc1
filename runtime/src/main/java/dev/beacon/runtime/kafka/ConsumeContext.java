package dev.beacon.runtime.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumeTask} may ask of the loop that runs it, in the manner of Kafka Connect's
 * {@code SinkTaskContext}. Called from the loop's thread only.
 */
public interface ConsumeContext {

  /** Where an assigned reader starts. */
  enum From {
    BEGINNING,
    END
  }

  /**
   * The loop's consumer, for positions and lags; the loop polls, commits, seeks, wakes and closes
   * it.
   */
  Consumer<byte[], byte[]> consumer();

  /** Subscribes to {@code topics}, bringing every rebalance to the task's hooks (and the log). */
  void subscribe(Collection<String> topics);

  /**
   * Assigns every partition of {@code topic} (waiting up to {@code timeout} for a topic created a
   * moment ago) from its beginning or end, outside any group. The loop is then {@linkplain
   * ConsumeLoop#ready() ready} once it has read up to the end each partition had now: the one
   * readiness rule of Beacon's readers.
   */
  void assignAll(String topic, From from, Duration timeout);

  /** Whether the loop was asked to stop: a task waiting for something at start gives up. */
  boolean stopping();

  /**
   * Commits {@code offsets} synchronously, after the task's side effect and after the dead letters
   * of the records they pass are written. A stop that meant to interrupt a poll does not interrupt
   * it; a commit refused because the group rebalanced is logged (whoever owns the partitions now
   * reads them again) and returns false.
   */
  boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets);

  /**
   * Applies the loop's bad-record policy to a record the task found bad after {@link
   * ConsumeTask#decode}.
   */
  void refuse(ConsumerRecord<byte[], byte[]> record, String reason);

  /**
   * Seeks each partition still assigned back to {@code offsets}, so that the next polls read it
   * again.
   */
  void seekBack(Map<TopicPartition, Long> offsets);

  /**
   * Seeks each assigned partition back to its committed offset (its beginning when none); waits up
   * to {@code timeout}.
   */
  void seekBackToCommitted(Duration timeout);

  /**
   * Waits the back-off after a failed turn (cut short by a stop) and doubles it for the next
   * failure; when the loop was stopped meanwhile, it ends after this turn.
   */
  void backOff();

  /** How long the next {@link #backOff()} waits, for the log line that announces it. */
  long nextBackOffMillis();

  /** A turn succeeded: the next failure waits the first back-off again. */
  void succeeded();

  /** Ends the loop after this turn, as a stop would (the task is flushed). */
  void endLoop();
}
