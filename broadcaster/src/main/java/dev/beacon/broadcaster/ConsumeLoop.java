package dev.beacon.broadcaster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * The life of one consume-and-produce loop on its own thread, shared by {@link Broadcaster} and {@link GpsRelay}:
 * start, poll and {@link #process} until stopped, back off between failed turns, fail loudly on an error that
 * escapes a turn, and close both clients however the loop ends. The subclass owns what a turn does.
 *
 * <p>{@link #stop()}, {@link #ready()} and {@link #hasFailed()} are safe from other threads.
 */
abstract class ConsumeLoop implements Runnable {

  private static final Duration POLL = Duration.ofMillis(500);

  protected final Consumer<byte[], byte[]> consumer;
  protected final Producer<byte[], byte[]> producer;
  protected final RetryBackoff backoff = new RetryBackoff();
  private final Logger log;
  private final String name;
  private final String groupId;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile boolean running = true;
  private volatile boolean failed;

  /** @param name what the logs call this loop, e.g. {@code broadcaster} or {@code GPS relay} */
  ConsumeLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Logger log, String name,
      String groupId) {
    this.consumer = consumer;
    this.producer = producer;
    this.log = log;
    this.name = name;
    this.groupId = groupId;
  }

  /** Prepares the clients (transactions, subscription); the loop is ready when it returns. */
  abstract void subscribe();

  /** One turn's work on a non-empty poll. Recoverable failures are handled inside; what escapes stops the loop. */
  abstract void process(ConsumerRecords<byte[], byte[]> records);

  /** Logs the loop's death, saying what no longer works and what to do. */
  abstract void logFailure(String why, Exception e);

  /** After every poll, with or without records: work that is due by time rather than by records. */
  void afterPoll() {
  }

  /** How long the next poll may wait for records. */
  Duration pollTimeout() {
    return POLL;
  }

  /** Before partitions are taken away in a rebalance: settle what is pending for them. */
  void beforeRevoke() {
  }

  /** When the loop ends because it was stopped (not failed): settle what is pending, before the clients close. */
  void finish() {
  }

  /** Releases what the subclass holds besides the two clients, however the loop ends; before the clients close. */
  void release() {
  }

  /** What the stop line of the log adds, e.g. counters; empty by default. */
  String stoppedDetails() {
    return "";
  }

  /** Why an error that escaped a turn stopped the loop, for the log. */
  String reasonOf(RuntimeException e) {
    return e.getMessage();
  }

  @Override
  public void run() {
    try {
      start();
      while (running) {
        pollOnce();
      }
      finishQuietly();
    } catch (WakeupException e) {
      if (running) {
        fail("woken up without a stop request", e);
      } else {
        finishQuietly();
      }
    } catch (RuntimeException e) {
      fail(reasonOf(e), e);
    } finally {
      ready.completeExceptionally(new IllegalStateException("the " + name + " stopped before it was ready"));
      shutdown();
    }
  }

  void start() {
    subscribe();
    ready.complete(null);
  }

  /** One turn: poll, process what came, then what is due. */
  void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
    if (!records.isEmpty()) {
      process(records);
    }
    afterPoll();
  }

  private void finishQuietly() {
    try {
      finish();
    } catch (RuntimeException e) {
      log.warn("{} could not settle its last work before stopping: {}", name, e.getMessage());
    }
  }

  /** Completes once {@link #subscribe()} has run. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /** Asks the loop to finish its current turn, close the clients and return. */
  public void stop() {
    running = false;
    backoff.stop();
    consumer.wakeup();
  }

  /** Whether the loop died of an error (as opposed to being stopped). */
  public boolean hasFailed() {
    return failed;
  }

  /** The consumer, for its lag metric: reading a consumer's metrics is thread-safe. */
  Consumer<byte[], byte[]> consumer() {
    return consumer;
  }

  /** Releases the clients of a loop whose {@link #run()} never started. */
  void closeUnstarted() {
    running = false;
    shutdown();
  }

  /** Waits the back-off after a failed turn; ends the loop when it is stopped meanwhile. */
  void pauseAfterFailure() {
    if (!backoff.pause()) {
      running = false;
    }
  }

  /** Ends the loop after the current turn. */
  void endLoop() {
    running = false;
  }

  /** Subscribes to {@code topics}, logging every rebalance of the group. */
  void subscribeTo(List<String> topics) {
    consumer.subscribe(topics, new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        beforeRevoke();
        log.info("{} partitions revoked from group {}: {}", name, groupId, partitions);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        log.info("{} partitions assigned to group {}: {}", name, groupId, partitions);
      }
    });
  }

  String groupId() {
    return groupId;
  }

  private void fail(String why, Exception e) {
    failed = true;
    ready.completeExceptionally(e);
    logFailure(why, e);
  }

  private void shutdown() {
    try {
      release();
    } catch (RuntimeException e) {
      log.warn("releasing the {}'s resources failed: {}", name, e.getMessage());
    }
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("closing the {} producer failed: {}", name, e.getMessage());
    }
    try {
      // Static members (group.instance.id) keep their partitions across a crash and restart; a stop leaves the group
      // so that the partitions move to the other instances at once instead of after the session timeout.
      consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      log.info("{} stopped{}", name, stoppedDetails());
    } catch (RuntimeException e) {
      log.warn("closing the {} consumer failed: {}", name, e.getMessage());
    }
  }
}
