package dev.beacon.runtime.kafka;

import dev.beacon.runtime.metrics.BeaconMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer on a thread of its own, driving a {@link ConsumeTask} as Kafka Connect's
 * worker drives a sink task. The loop owns the whole lifecycle: its thread ({@link #startThread},
 * {@link #close(Duration)}); the start (the task assigns or subscribes through the loop); poll;
 * decode, with one policy for a record that cannot be decoded ({@link BadRecords}: counted, logged,
 * dead-lettered, skipped); the commit after the task's side effect ({@link ConsumeContext#commit});
 * the seek-back and back-off after a failed poll ({@link RetryBatchException}, {@link
 * RetryBackoff}); readiness (subscribed: once started; assigned: once caught up with the end
 * offsets seen at start); failing loudly on an error that escapes a turn; and closing the task, the
 * dead letters and the consumer however the loop ends. Every consumer of Beacon runs in one: the
 * broadcaster's router and GPS relay, the presence reader, the ingestor, the gateway's readers and
 * the device-key reader.
 *
 * <p>{@link #stop()}, {@link #close(Duration)}, {@link #ready()} and {@link #hasFailed()} are safe
 * from other threads. {@link #start()} and {@link #pollOnce()} let a test drive the loop turn by
 * turn on its own thread instead of {@link #run()}.
 */
public final class ConsumeLoop implements Runnable {

  private final Consumer<byte[], byte[]> consumer;
  private final ConsumeTask<?> task;
  private final LoopSettings settings;
  private final RetryBackoff backoff;
  private final DeadLetters deadLetters;
  private final BadRecords badRecords;
  private final Logger log;
  private final Context context = new Context();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean running = true;
  private volatile boolean failed;
  private volatile Thread thread;

  /**
   * Where each assigned partition ended at start; null for a subscribed loop (ready once started).
   */
  private Map<TopicPartition, Long> endAtStart;

  private Duration assignTimeout;

  /**
   * A loop over {@code consumer} and {@code task}, which it closes when it ends; back-off of 100 ms
   * to 5 s.
   */
  public ConsumeLoop(
      Consumer<byte[], byte[]> consumer,
      ConsumeTask<?> task,
      LoopSettings settings,
      DeadLetters deadLetters) {
    this(consumer, task, settings, new RetryBackoff(), deadLetters, BeaconMetrics.registry());
  }

  /**
   * @param backoff the wait between failed turns; {@link #stop()} cuts it short
   * @param deadLetters where refused records go; closed with the loop
   * @param registry where refused records are counted
   */
  public ConsumeLoop(
      Consumer<byte[], byte[]> consumer,
      ConsumeTask<?> task,
      LoopSettings settings,
      RetryBackoff backoff,
      DeadLetters deadLetters,
      MeterRegistry registry) {
    this.consumer = consumer;
    this.task = task;
    this.settings = settings;
    this.backoff = backoff;
    this.deadLetters = deadLetters;
    // The task's logger, so that a loop's lines keep the category (and level) of the service they
    // belong to.
    this.log = LoggerFactory.getLogger(task.getClass());
    this.badRecords = new BadRecords(settings.name(), registry, deadLetters, log);
  }

  /**
   * A loop over a consumer made by {@code newConsumer} (which can fail: bad settings, unknown host)
   * and a task that may already hold clients of its own: when the consumer cannot be made, the task
   * is closed before the error is rethrown, so nothing leaks.
   */
  public static ConsumeLoop create(
      Supplier<Consumer<byte[], byte[]>> newConsumer,
      ConsumeTask<?> task,
      LoopSettings settings,
      DeadLetters deadLetters) {
    try {
      return new ConsumeLoop(newConsumer.get(), task, settings, deadLetters);
    } catch (RuntimeException e) {
      task.close();
      deadLetters.close();
      throw e;
    }
  }

  /**
   * Runs the loop on a new thread named {@code name}. A daemon thread does not keep the JVM alive
   * (readers whose process has other work); a service's own loops pass false, since the flag would
   * be inherited from the caller.
   */
  public synchronized void startThread(String name, boolean daemon) {
    if (thread != null) {
      throw new IllegalStateException(
          "the " + settings.name() + " already runs on " + thread.getName());
    }
    Thread started = new Thread(this, name);
    started.setDaemon(daemon);
    thread = started;
    started.start();
  }

  /**
   * Stops the loop and waits up to {@code timeout} for its thread to end, or releases the task and
   * consumer of a loop whose thread never started. Blocking.
   *
   * @return false when the thread was still running after {@code timeout} (it is logged)
   */
  public boolean close(Duration timeout) {
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running == null) {
      closeUnstarted();
      return true;
    }
    stop();
    try {
      running.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running.isAlive()) {
      log.warn(
          "the {} thread {} did not stop within {} ms",
          settings.name(),
          running.getName(),
          timeout.toMillis());
      return false;
    }
    return true;
  }

  @Override
  public void run() {
    try {
      start();
      while (running) {
        pollOnce();
      }
      flushQuietly();
    } catch (WakeupException e) {
      if (running) {
        fail("woken up without a stop request", e);
      } else {
        flushQuietly();
      }
    } catch (RuntimeException e) {
      fail(task.reasonOf(e), e);
    } finally {
      ready.completeExceptionally(
          new IllegalStateException(
              "the " + settings.name() + " stopped before it was" + " ready"));
      close();
    }
  }

  /**
   * Starts the task (assignment or subscription); a subscribed loop is ready now, an assigned one
   * once caught up.
   */
  public void start() {
    task.start(context);
    checkCaughtUp();
  }

  /** One turn: poll, decode, hand what came to the task, then what is due. */
  public void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(task.pollTimeout(settings.idlePoll()));
    if (!records.isEmpty()) {
      hand(task, records);
    }
    task.afterPoll();
    checkCaughtUp();
  }

  private <T> void hand(ConsumeTask<T> task, ConsumerRecords<byte[], byte[]> records) {
    List<Polled.Entry<T>> entries = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        entries.add(new Polled.Entry<>(record, task.decode(record), false));
      } catch (IllegalArgumentException e) {
        badRecords.refuse(record, e.getMessage());
        entries.add(new Polled.Entry<>(record, null, true));
      }
    }
    Polled<T> polled = new Polled<>(entries);
    try {
      task.put(polled);
    } catch (RetryBatchException e) {
      log.warn(
          "{} could not handle {} records ({}); reading them again in {} ms",
          settings.name(),
          polled.count(),
          e.getMessage(),
          backoff.nextMillis());
      context.seekBack(polled.firstOffsets());
      context.backOff();
    }
  }

  private void checkCaughtUp() {
    if (ready.isDone()) {
      return;
    }
    if (endAtStart != null) {
      for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
        if (consumer.position(end.getKey(), assignTimeout) < end.getValue()) {
          return;
        }
      }
      log.info(
          "{} caught up with what its partitions held at start{}",
          settings.name(),
          task.stoppedDetails());
    }
    ready.complete(null);
  }

  /**
   * Completes once the loop is ready: started, for a subscribed loop; caught up with the end
   * offsets its partitions had at start, for an assigned one. Fails when the loop ends before.
   */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /**
   * Waits up to {@code timeout} until the loop is {@linkplain #ready() ready}; when it fails first
   * or is not ready in time, closes it (waiting up to 5 s for its thread) and throws. Blocking.
   *
   * @throws IllegalStateException saying why, with the loop's error as its cause
   */
  public void awaitReady(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      close(Duration.ofSeconds(5));
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "the "
              + settings.name()
              + " ("
              + settings.work()
              + ") was not ready within "
              + timeout.toMillis()
              + " ms: "
              + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while starting the " + settings.name(), e);
    }
  }

  /**
   * Asks the loop to finish its turn (cutting a back-off short), flush the task, close everything
   * and return.
   */
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
  public Consumer<byte[], byte[]> consumer() {
    return consumer;
  }

  /** Releases the task and the consumer of a loop whose {@link #run()} never started. */
  public void closeUnstarted() {
    running = false;
    close();
  }

  private void flushQuietly() {
    try {
      task.flush();
    } catch (RuntimeException e) {
      log.warn(
          "{} could not settle its last work before stopping: {}", settings.name(), e.getMessage());
    }
  }

  private void fail(String why, Exception e) {
    failed = true;
    ready.completeExceptionally(e);
    log.error(
        "{} stopped {}: {}; {}", settings.name(), settings.work(), why, settings.consequence(), e);
  }

  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      task.close();
    } catch (RuntimeException e) {
      log.warn("releasing the {}'s resources failed: {}", settings.name(), e.getMessage());
    }
    deadLetters.close();
    try {
      consumer.close(settings.close());
      log.info("{} stopped {}{}", settings.name(), settings.work(), task.stoppedDetails());
    } catch (RuntimeException e) {
      log.warn("closing the {} consumer failed: {}", settings.name(), e.getMessage());
    }
  }

  /** The loop as its task sees it. */
  private final class Context implements ConsumeContext {

    @Override
    public Consumer<byte[], byte[]> consumer() {
      return consumer;
    }

    @Override
    public void subscribe(Collection<String> topics) {
      consumer.subscribe(topics, new Rebalances());
    }

    @Override
    public void assignAll(String topic, From from, Duration timeout) {
      List<TopicPartition> partitions =
          TopicPartitions.await(
              topic, t -> consumer.partitionsFor(t, timeout), timeout, this::stopping);
      consumer.assign(partitions);
      if (from == From.END) {
        consumer.seekToEnd(partitions);
      } else {
        consumer.seekToBeginning(partitions);
      }
      // Positioned now, so that nothing written after this call is missed by a reader from the end.
      partitions.forEach(partition -> consumer.position(partition, timeout));
      assignTimeout = timeout;
      endAtStart = new HashMap<>(consumer.endOffsets(partitions, timeout));
      log.info(
          "{} reading {} ({} partitions) from its {}",
          settings.name(),
          topic,
          partitions.size(),
          from == From.END ? "end" : "beginning");
    }

    @Override
    public boolean stopping() {
      return !running;
    }

    @Override
    public boolean commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (offsets.isEmpty()) {
        return true;
      }
      deadLetters.flush();
      try {
        try {
          consumer.commitSync(offsets);
        } catch (WakeupException e) {
          // stop() meant to interrupt poll(); the side effect is done, so finish its commit before
          // stopping.
          consumer.commitSync(offsets);
        }
        return true;
      } catch (CommitFailedException | RebalanceInProgressException e) {
        log.warn(
            "{}: offsets {} not committed because the group rebalanced ({}); what they cover is done, and"
                + " whoever owns those partitions now reads it again",
            settings.name(),
            offsets,
            e.getMessage());
        return false;
      }
    }

    @Override
    public void refuse(ConsumerRecord<byte[], byte[]> record, String reason) {
      badRecords.refuse(record, reason);
    }

    @Override
    public void seekBack(Map<TopicPartition, Long> offsets) {
      Set<TopicPartition> owned = consumer.assignment();
      offsets.forEach(
          (partition, offset) -> {
            if (owned.contains(partition)) {
              consumer.seek(partition, offset);
            }
          });
    }

    @Override
    public void seekBackToCommitted(Duration timeout) {
      Set<TopicPartition> owned = consumer.assignment();
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned, timeout);
      List<TopicPartition> fromStart = new ArrayList<>();
      for (TopicPartition partition : owned) {
        OffsetAndMetadata offset = committed.get(partition);
        if (offset == null) {
          fromStart.add(partition);
        } else {
          consumer.seek(partition, offset);
        }
      }
      if (!fromStart.isEmpty()) {
        consumer.seekToBeginning(fromStart);
      }
    }

    @Override
    public void backOff() {
      if (!backoff.pause()) {
        running = false;
      }
    }

    @Override
    public long nextBackOffMillis() {
      return backoff.nextMillis();
    }

    @Override
    public void succeeded() {
      backoff.succeeded();
    }

    @Override
    public void endLoop() {
      running = false;
    }
  }

  /** Brings the group's rebalances to the task, and to the log. */
  private final class Rebalances implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      task.onRevoked(partitions);
      log.info("{} partitions revoked: {}", settings.name(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      task.onLost(partitions);
      log.info("{} partitions lost: {}", settings.name(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("{} partitions assigned: {}", settings.name(), partitions);
      task.onAssigned(partitions);
    }
  }
}
