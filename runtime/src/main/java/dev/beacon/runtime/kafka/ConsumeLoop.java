package dev.beacon.runtime.kafka;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer on a thread of its own, driving a {@link ConsumeTask}: start (the task assigns or subscribes),
 * poll and hand the records to the task until stopped, let the task back off between failed turns, fail loudly on an
 * error that escapes a turn, and close the task and the consumer however the loop ends. Shared by the broadcaster's
 * router, the GPS relay, the presence readers and the ingestor, which implement only what a turn does.
 *
 * <p>{@link #stop()}, {@link #ready()} and {@link #hasFailed()} are safe from other threads. {@link #start()} and
 * {@link #pollOnce()} let a test drive the loop turn by turn on its own thread instead of {@link #run()}.
 */
public final class ConsumeLoop implements Runnable {

  private final Consumer<byte[], byte[]> consumer;
  private final ConsumeTask task;
  private final LoopSettings settings;
  private final RetryBackoff backoff;
  private final Logger log;
  private final Context context = new Context();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean running = true;
  private volatile boolean failed;

  /** A loop over {@code consumer} and {@code task}, which it closes when it ends; back-off of 100 ms to 5 s. */
  public ConsumeLoop(Consumer<byte[], byte[]> consumer, ConsumeTask task, LoopSettings settings) {
    this(consumer, task, settings, new RetryBackoff());
  }

  /** @param backoff the wait between failed turns; {@link #stop()} cuts it short */
  public ConsumeLoop(Consumer<byte[], byte[]> consumer, ConsumeTask task, LoopSettings settings,
      RetryBackoff backoff) {
    this.consumer = consumer;
    this.task = task;
    this.settings = settings;
    this.backoff = backoff;
    // The task's logger, so that a loop's lines keep the category (and level) of the service they belong to.
    this.log = LoggerFactory.getLogger(task.getClass());
  }

  /**
   * A loop over a consumer made by {@code newConsumer} (which can fail: bad settings, unknown host) and a task that
   * may already hold clients of its own: when the consumer cannot be made, the task is closed before the error is
   * rethrown, so nothing leaks.
   */
  public static ConsumeLoop create(Supplier<Consumer<byte[], byte[]>> newConsumer, ConsumeTask task,
      LoopSettings settings) {
    try {
      return new ConsumeLoop(newConsumer.get(), task, settings);
    } catch (RuntimeException e) {
      task.close();
      throw e;
    }
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
      ready.completeExceptionally(new IllegalStateException("the " + settings.name() + " stopped before it was"
          + " ready"));
      close();
    }
  }

  /** Starts the task (assignment or subscription); the loop is ready after it unless the task says when. */
  public void start() {
    task.start(context);
    if (task.readyOnStart()) {
      ready.complete(null);
    }
  }

  /** One turn: poll, hand what came to the task, then what is due. */
  public void pollOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(task.pollTimeout(settings.idlePoll()));
    if (!records.isEmpty()) {
      task.put(records);
    }
    task.afterPoll();
  }

  /** Completes once the task has started (or said it is ready); fails when the loop ends before. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /** Asks the loop to finish its turn (cutting a back-off short), flush the task, close everything and return. */
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
      log.warn("{} could not settle its last work before stopping: {}", settings.name(), e.getMessage());
    }
  }

  private void fail(String why, Exception e) {
    failed = true;
    ready.completeExceptionally(e);
    log.error("{} stopped {}: {}; {}", settings.name(), settings.work(), why, settings.consequence(), e);
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
    public boolean stopping() {
      return !running;
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
    public void ready() {
      ready.complete(null);
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
