package dev.beacon.broadcaster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Two transactional producers taking turns, so that a commit never holds up routing. The router
 * sends through the active producer; when its transaction is due, {@link #handOver} flushes it,
 * queues its commit (the offsets and then {@code commitTransaction}, several broker round trips) on
 * the committer thread, and makes the other producer active. Commits run one at a time, in order,
 * so the group's offsets only ever move forward.
 *
 * <p>The flush before the switch keeps room order: every delivery of the transaction that ends is
 * in its partition before the first delivery of the next is sent by the other producer. A
 * producer's next transaction begins only after its previous commit has finished.
 *
 * <p>When a commit fails, every commit queued behind it aborts instead (their transactions hold
 * later messages of the same partitions), and the failure reaches the router at its next {@link
 * #checkCommits()}: the router then {@link #abortAll()}s and re-reads from the committed offsets.
 * Errors after which a producer is unusable (fenced, authorization, ...) are rethrown as they are,
 * and stop the router.
 *
 * <p>Everything but the commits runs on the router's thread.
 */
final class TransactionPair {

  /** A commit that was not tried because one before it failed. */
  static final class SkippedCommitException extends KafkaException {
    SkippedCommitException() {
      super("aborted: an earlier transaction of this broadcaster failed to commit");
    }
  }

  private final List<Producer<byte[], byte[]>> producers;
  private final Executor committer;
  private final BroadcasterStats stats;

  @SuppressWarnings("unchecked")
  private final CompletableFuture<Void>[] commits = new CompletableFuture[] {done(), done()};

  private final OpenTransaction open = new OpenTransaction();
  private volatile boolean failed;
  private int active;

  /**
   * @param committer runs the commits one at a time, in order (a single thread; the caller's in
   *     tests)
   */
  TransactionPair(
      Producer<byte[], byte[]> first,
      Producer<byte[], byte[]> second,
      Executor committer,
      BroadcasterStats stats) {
    this.producers = List.of(first, second);
    this.committer = committer;
    this.stats = stats;
  }

  void initTransactions() {
    producers.forEach(Producer::initTransactions);
  }

  /**
   * Sends a batch's deliveries in the active producer's transaction, beginning one when none is
   * open.
   */
  void send(RoutedBatch batch) {
    Producer<byte[], byte[]> producer = producers.get(active);
    if (!open.isOpen()) {
      // The producer's last transaction must be settled before it begins another.
      join(commits[active]);
      producer.beginTransaction();
      open.begin();
    }
    open.add(batch);
    for (ProducerRecord<byte[], byte[]> delivery : batch.deliveries()) {
      producer.send(delivery);
    }
  }

  OpenTransaction open() {
    return open;
  }

  /**
   * Flushes the open transaction, queues its commit with the offsets of everything it routed, and
   * makes the other producer active. Nothing to do when no transaction is open.
   */
  void handOver(ConsumerGroupMetadata group) {
    if (!open.isOpen()) {
      return;
    }
    Producer<byte[], byte[]> producer = producers.get(active);
    producer.flush();
    OpenTransaction.Closed closed = open.close();
    int index = active;
    commits[index] =
        commits[1 - index]
            .handle((v, e) -> null)
            .thenRunAsync(() -> commit(producer, closed, group), committer);
    active = 1 - active;
  }

  private void commit(
      Producer<byte[], byte[]> producer,
      OpenTransaction.Closed closed,
      ConsumerGroupMetadata group) {
    if (failed) {
      abortQuietly(producer);
      throw new SkippedCommitException();
    }
    try {
      producer.sendOffsetsToTransaction(closed.offsets(), group);
      producer.commitTransaction();
    } catch (KafkaException e) {
      failed = true;
      if (!isFatal(e)) {
        abortQuietly(producer);
      }
      throw e;
    }
    stats.committed(closed.messages(), closed.deliveries());
    closed.recordCommitted();
  }

  /** Throws the failure of a commit that has finished, if any; returns at once otherwise. */
  void checkCommits() {
    for (CompletableFuture<Void> commit : commits) {
      if (commit.isCompletedExceptionally()) {
        join(commit);
      }
    }
  }

  /** Waits for every queued commit; throws the first failure. */
  void awaitCommits() {
    join(commits[1 - active]);
    join(commits[active]);
  }

  /**
   * After a failure: waits for the queued commits to settle (aborting or not), aborts the open
   * transaction, and makes the pair usable again. Throws only a fatal error. The caller re-reads
   * from the committed offsets.
   */
  void abortAll() {
    for (int i = 0; i < commits.length; i++) {
      try {
        join(commits[i]);
      } catch (KafkaException e) {
        if (isFatal(e)) {
          throw e;
        }
      }
      commits[i] = done();
    }
    if (open.isOpen()) {
      // Aborted before it is forgotten: an abort that times out is tried again by the next call.
      producers.get(active).abortTransaction();
      open.close();
    }
    failed = false;
  }

  /**
   * Forgets everything in flight after the producers were fenced: waits for the queued commits to
   * settle, whatever their outcome (the broker aborts what a fenced producer left open), and closes
   * the open transaction's record.
   */
  void discard() {
    for (int i = 0; i < commits.length; i++) {
      try {
        commits[i].join();
      } catch (RuntimeException ignored) {
        // Fenced or skipped: either way the transaction is not committed, and the caller re-reads
        // it.
      }
      commits[i] = done();
    }
    if (open.isOpen()) {
      open.close();
    }
    failed = false;
  }

  /**
   * Errors after which a producer cannot go on; anything else is retried from the committed
   * offsets.
   */
  static boolean isFatal(KafkaException e) {
    return e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof UnsupportedVersionException;
  }

  private static void abortQuietly(Producer<byte[], byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException ignored) {
      // The producer is unusable; its next use fails loudly on the router's thread.
    }
  }

  private static void join(CompletableFuture<Void> commit) {
    try {
      commit.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
