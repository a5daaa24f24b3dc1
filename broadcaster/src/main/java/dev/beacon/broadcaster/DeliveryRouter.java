package dev.beacon.broadcaster;

import dev.beacon.broadcaster.RouterRecovery.Event;
import dev.beacon.broadcaster.RouterRecovery.State;
import dev.beacon.common.messaging.MessageRouter;
import dev.beacon.common.presence.PresenceView;
import dev.beacon.common.protocol.DeliveryRecord;
import dev.beacon.common.protocol.MessageRecord;
import dev.beacon.common.protocol.MessageRecordCodec;
import dev.beacon.runtime.kafka.ConsumeContext;
import dev.beacon.runtime.kafka.ConsumeLoop;
import dev.beacon.runtime.kafka.ConsumeTask;
import dev.beacon.runtime.kafka.DeliverySource;
import dev.beacon.runtime.kafka.KafkaDeadLetters;
import dev.beacon.runtime.kafka.KafkaSettings;
import dev.beacon.runtime.kafka.LoopSettings;
import dev.beacon.runtime.kafka.Polled;
import dev.beacon.runtime.kafka.TopicNames;
import dev.beacon.runtime.kafka.Topics;
import dev.beacon.runtime.timing.Hop;
import dev.beacon.runtime.timing.HopClock;
import dev.beacon.runtime.timing.TimingHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code beacon.messages} to {@code beacon.deliveries} exactly once,
 * consume-transform-produce: poll, decode (a malformed record takes the loop's bad-record policy),
 * route, and send the deliveries at once inside a Kafka transaction that stays open for {@link
 * BroadcasterConfig#commitInterval()} over many polls; then commit the deliveries together with the
 * consumer offsets of everything polled. A crash or an aborted transaction leaves neither, so the
 * messages are read again and routed again.
 *
 * <p>Latency does not wait for the commit. Gateways read deliveries uncommitted, the moment the
 * broker has them, and drop the copies that a re-routing makes by their {@link DeliverySource} (the
 * source partition and offset, carried in a header); consumers that read committed data only see
 * every delivery exactly once. And routing does not wait for the commit either: two transactional
 * producers take turns ({@link TransactionPair}), one committing on its own thread while the other
 * carries the next deliveries. Measured in docs/benchmarks.md: a commit takes several broker round
 * trips, and a transaction per poll made every message wait for the previous poll's commit.
 *
 * <p>Recovery is the state machine {@link RouterRecovery}: when a transaction fails it is aborted
 * and the consumer rewinds to the last committed offsets. When the broker fences the producers
 * (most often because a transaction outlived {@link #TRANSACTION_TIMEOUT} while a partition or the
 * coordinator was unavailable, or the process was paused), new producers take over the same
 * transactional ids and the consumer rewinds; fenced {@value RefencingBudget#MAX} times within
 * {@link RefencingBudget#WINDOW} (a twin with the same id) or another fatal error closes both
 * clients and stops the loop ({@link ConsumeLoop#hasFailed()}). Whatever could block (an abort, new
 * producers, asking for the committed offsets) is a step of a state, run turn by turn until Kafka
 * answers, never inside a rebalance callback. Before a rebalance takes partitions away, and on
 * stop, the open transaction is committed.
 *
 * <p>A {@link ConsumeTask}: {@link #loop} runs it on a {@link ConsumeLoop} of its own thread.
 */
public final class DeliveryRouter implements ConsumeTask<MessageRecord> {

  private static final Logger log = LoggerFactory.getLogger(DeliveryRouter.class);

  /**
   * An open transaction of a broadcaster that died stalls every read_committed consumer of {@code
   * beacon.deliveries} until the broker times it out; ours last {@link
   * BroadcasterConfig#commitInterval()}, so the default minute is far too long.
   */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

  /**
   * How long one attempt to read the committed offsets may take; a failed one is retried on the
   * next turn.
   */
  static final Duration REWIND_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Transactions failing one after another with no commit between them: the producers are then
   * replaced, since some errors (an unexpected server error answering a commit) leave a Kafka
   * producer failing every call for good.
   */
  static final int ABORTS_BEFORE_NEW_PRODUCERS = 3;

  /** Added to the {@code transactional.id} of the second producer of the pair. */
  static final String SECOND_PRODUCER_SUFFIX = "-2";

  /**
   * The most messages one transaction holds: bounds what a crash re-routes (see {@link
   * DeliverySource}).
   */
  static final int MAX_MESSAGES_PER_TRANSACTION = 20_000;

  /**
   * Static members leave the group on a stop, so that another instance takes the partitions at
   * once.
   */
  static final LoopSettings SETTINGS =
      LoopSettings.builder()
          .name("broadcaster")
          .work("routing " + Topics.MESSAGES)
          .consequence("messages are no longer delivered, restart the broadcaster")
          .leaveGroupOnClose()
          .build();

  /**
   * Makes the pair's producers: index 0 the first, 1 the second; called again after they were
   * fenced.
   */
  private final IntFunction<Producer<byte[], byte[]>> producerFactory;

  private final RefencingBudget refencings = new RefencingBudget();
  private Producer<byte[], byte[]> first;
  private Producer<byte[], byte[]> second;
  private final ExecutorService committer;
  private final PresenceView presence;
  private final TopicNames topics;
  private final BroadcasterStats stats;
  private final LongSupplier clock;
  private final String groupId;
  private final long commitIntervalNanos;
  private TransactionPair transactions;
  private ConsumeContext context;

  /** Where recovery stands; {@link State#ROUTING} when there is nothing to recover from. */
  private State state = State.ROUTING;

  /** The error that moved the state to {@link State#STOPPED}, thrown on the router's next turn. */
  private KafkaException fatal;

  /**
   * Failures since the last commit, and the commits counted at the last one: see {@link
   * #failuresWithoutCommit}.
   */
  private int failuresInARow;

  private long committedAtLastFailure = -1;
  private volatile boolean closed;

  /**
   * A routing loop with its own consumer and pair of transactional producers, as {@code config}
   * says.
   */
  public static ConsumeLoop loop(
      KafkaSettings kafka,
      BroadcasterConfig config,
      PresenceView presence,
      BroadcasterStats stats) {
    IntFunction<Producer<byte[], byte[]>> producers =
        index ->
            new KafkaProducer<>(
                producerProps(
                    kafka,
                    config,
                    index == 0
                        ? config.transactionalId()
                        : config.transactionalId() + SECOND_PRODUCER_SUFFIX));
    DeliveryRouter router =
        new DeliveryRouter(
            producers,
            Executors.newSingleThreadExecutor(DeliveryRouter::commitThread),
            presence,
            stats,
            System::currentTimeMillis,
            config.groupId(),
            config.commitInterval(),
            kafka.topics());
    return ConsumeLoop.create(
        () -> new KafkaConsumer<>(consumerProps(kafka, config)),
        router,
        SETTINGS,
        new KafkaDeadLetters(kafka, config.transactionalId()));
  }

  private static Thread commitThread(Runnable commits) {
    Thread thread = new Thread(commits, "beacon-broadcaster-commit");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * A router over the given producers, which it closes when its loop ends.
   *
   * @param committer runs the commits, one at a time (see {@link TransactionPair}); shut down when
   *     the loop ends
   */
  DeliveryRouter(
      Producer<byte[], byte[]> first,
      Producer<byte[], byte[]> second,
      ExecutorService committer,
      PresenceView presence,
      BroadcasterStats stats,
      LongSupplier clock,
      String groupId,
      Duration commitInterval,
      TopicNames topics) {
    this(
        index -> index == 0 ? first : second,
        committer,
        presence,
        stats,
        clock,
        groupId,
        commitInterval,
        topics);
  }

  /**
   * A router whose producers {@code producers} makes (0 the first, 1 the second), and makes again
   * when the broker fenced them; it closes them when its loop ends.
   */
  DeliveryRouter(
      IntFunction<Producer<byte[], byte[]>> producers,
      ExecutorService committer,
      PresenceView presence,
      BroadcasterStats stats,
      LongSupplier clock,
      String groupId,
      Duration commitInterval,
      TopicNames topics) {
    this.producerFactory = producers;
    this.topics = topics;
    this.first = producers.apply(0);
    try {
      this.second = producers.apply(1);
    } catch (RuntimeException e) {
      first.close(Duration.ZERO);
      throw e;
    }
    this.committer = committer;
    this.presence = presence;
    this.stats = stats;
    this.clock = clock;
    this.groupId = groupId;
    this.commitIntervalNanos = commitInterval.toNanos();
    this.transactions = new TransactionPair(first, second, committer, stats);
  }

  static Map<String, Object> consumerProps(KafkaSettings kafka, BroadcasterConfig config) {
    Map<String, Object> props = kafka.consumer(config.transactionalId(), config.groupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.groupId() + "-" + config.instanceId());
    return props;
  }

  static Map<String, Object> producerProps(
      KafkaSettings kafka, BroadcasterConfig config, String transactionalId) {
    Map<String, Object> props = kafka.realtimeProducer(transactionalId);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    // initTransactions and commitTransaction block up to max.block.ms; this thread may wait, an
    // event loop never does.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.ackTimeout().toMillis() * 3);
    // A transaction's first request after a commit gets CONCURRENT_TRANSACTIONS until the broker
    // has written the
    // previous commit's markers; the client then sleeps retry.backoff.ms (100 ms by default) before
    // asking again.
    // The pair of producers makes this rare; when it happens, it should cost milliseconds.
    props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
    // One request in flight: a retried first request of a transaction then never races the ones
    // behind it (which
    // the broker refuses as out of sequence and the client retries, noisily). Records sent
    // meanwhile still batch.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return props;
  }

  @Override
  public void start(ConsumeContext context) {
    this.context = context;
    transactions.initTransactions();
    context.subscribe(List.of(topics.messages()));
    log.info(
        "broadcaster routing {} to {} as group {}",
        topics.messages(),
        topics.deliveries(),
        groupId);
  }

  @Override
  public MessageRecord decode(ConsumerRecord<byte[], byte[]> record) {
    return MessageRecordCodec.decode(record.value());
  }

  /**
   * One turn of the pipeline: route, send in the open transaction. While recovering, nothing: the
   * steps run in {@link #afterPoll}, and the rewind that ends the recovery makes the consumer read
   * these records again (not routed, not committed).
   */
  @Override
  public void put(Polled<MessageRecord> records) {
    if (state == State.ROUTING) {
      send(route(records));
    }
  }

  /** Where recovery stands, for tests. */
  State state() {
    return state;
  }

  /**
   * Runs the steps recovery has left (abort, new producers, their initialisation, the rewind to the
   * committed offsets) until the router routes again; false while Kafka cannot be reached for one,
   * and the next turn tries again. Throws the error that stopped it.
   */
  private boolean readyToRoute() {
    while (state != State.ROUTING) {
      if (state == State.STOPPED) {
        throw fatal;
      }
      try {
        on(step(state));
      } catch (TimeoutException e) {
        log.warn(
            "broadcaster waiting for Kafka before routing again ({}); retrying in {} ms",
            e.getMessage(),
            context.nextBackOffMillis());
        on(Event.TIMED_OUT);
        context.backOff();
        return false;
      } catch (KafkaException e) {
        failed(e, "while recovering");
        if (state == State.STOPPED) {
          throw fatal;
        }
        context.backOff();
        return false;
      }
    }
    return true;
  }

  /** Runs the step of {@code current}; returns its outcome. */
  private Event step(State current) {
    switch (current) {
      case ABORTING -> {
        return abort();
      }
      case REPLACING -> replaceProducers();
      case INITIALISING -> transactions.initTransactions();
      case REWINDING -> context.seekBackToCommitted(REWIND_TIMEOUT);
      default -> throw new IllegalStateException("no step in " + current);
    }
    return Event.STEP_DONE;
  }

  /**
   * Aborts what is open; when the abort itself fails (not a timeout, not a fence), the producers
   * are in an error state that no abort leaves (an unexpected server error on a commit puts a Kafka
   * producer there for good: "Cannot execute transactional method because we are in an error
   * state"), and new ones take over.
   */
  private Event abort() {
    try {
      transactions.abortAll();
      return Event.STEP_DONE;
    } catch (TimeoutException e) {
      throw e;
    } catch (KafkaException e) {
      if (TransactionPair.isFatal(e)) {
        throw e;
      }
      producersReplaced("producers unusable (" + e.getMessage() + ")");
      return Event.PRODUCERS_UNUSABLE;
    }
  }

  private void on(Event event) {
    state = RouterRecovery.next(state, event);
  }

  /**
   * Settles finished commits; hands the open transaction over for commit once it is old or full
   * enough.
   */
  @Override
  public void afterPoll() {
    if (state != State.ROUTING) {
      // Recovery's steps run every turn, records or not. A failure met in a rebalance callback
      // leaves
      // the failed transaction open on the broker, and while it is open the group's committed
      // offsets
      // are unstable: the consumer's poll then returns nothing, so a step that waited for records
      // would never run and nothing would abort that transaction until the broker's timeout.
      readyToRoute();
      return;
    }
    try {
      OpenTransaction open = transactions.open();
      // While recovering, what is open waits for its abort.
      if (state == State.ROUTING
          && open.isOpen()
          && (open.ageNanos() >= commitIntervalNanos
              || open.messages() >= MAX_MESSAGES_PER_TRANSACTION)) {
        transactions.handOver(context.consumer().groupMetadata());
        context.succeeded();
      }
      transactions.checkCommits();
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /** While a transaction is open, the poll waits no longer than until its hand-over is due. */
  @Override
  public Duration pollTimeout(Duration idle) {
    OpenTransaction open = transactions.open();
    if (!open.isOpen()) {
      return idle;
    }
    return Duration.ofNanos(Math.max(0, commitIntervalNanos - open.ageNanos()));
  }

  /**
   * Commits everything routed so far before a rebalance takes partitions away. When that fails, the
   * failure only moves the recovery's state, and its steps run on the next turn ({@link
   * #readyToRoute}): aborting, making new producers or asking the group for its committed offsets
   * from inside the rebalance can block until the rebalance ends, which it cannot while we wait.
   * Nothing happens once the router is closed (the consumer's close revokes too).
   */
  @Override
  public void onRevoked(Collection<TopicPartition> partitions) {
    if (closed) {
      return;
    }
    try {
      commitOpen();
    } catch (KafkaException e) {
      failed(e, "before a rebalance");
    }
  }

  @Override
  public void flush() {
    commitNow();
  }

  @Override
  public void close() {
    closed = true;
    committer.shutdownNow();
    try {
      second.close(Duration.ofSeconds(5));
    } finally {
      first.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Hands the open transaction over and waits until it and every earlier one are committed;
   * recovers on failure.
   */
  void commitNow() {
    try {
      commitOpen();
    } catch (KafkaException e) {
      recover(e);
    }
  }

  private void commitOpen() {
    transactions.handOver(context.consumer().groupMetadata());
    transactions.awaitCommits();
  }

  @Override
  public String reasonOf(RuntimeException e) {
    return e instanceof ProducerFencedException
        ? "fenced "
            + RefencingBudget.MAX
            + " times within "
            + RefencingBudget.WINDOW.toMinutes()
            + " minutes: another"
            + " broadcaster runs with the same transactional.id; give each instance its own BEACON_BROADCASTER_INSTANCE"
        : e.getMessage();
  }

  @Override
  public String stoppedDetails() {
    return " (" + stats + ")";
  }

  /**
   * The deliveries of every well-formed record, and the offsets after every record, malformed or
   * not.
   */
  RoutedBatch route(Polled<MessageRecord> records) {
    List<ProducerRecord<byte[], byte[]>> deliveries = new ArrayList<>(records.count());
    int messages = 0;
    long now = clock.getAsLong();
    long polled = HopClock.nowMicros();
    for (Polled.Entry<MessageRecord> entry : records.good()) {
      ConsumerRecord<byte[], byte[]> record = entry.record();
      MessageRecord message = entry.value();
      messages++;
      long received = TimingHeaders.get(record.headers(), TimingHeaders.RECEIVED);
      if (received != 0) {
        Hop.BROADCASTER_POLL.recordMicros(polled - received);
      }
      DeliveryRecord delivery =
          MessageRouter.route(message, client -> presence.isPresent(client, now));
      ProducerRecord<byte[], byte[]> out =
          OutgoingDelivery.of(
              topics.deliveries(), delivery, DeliverySource.SourceTopic.MESSAGES, record, 0);
      if (received != 0) {
        TimingHeaders.put(out.headers(), TimingHeaders.RECEIVED, received);
        TimingHeaders.put(out.headers(), TimingHeaders.ROUTED, polled);
      }
      deliveries.add(out);
    }
    return new RoutedBatch(deliveries, records.offsets(), messages, polled);
  }

  /**
   * Sends the batch's deliveries in the open transaction; a failure is recovered from, a fatal one
   * rethrown.
   */
  void send(RoutedBatch batch) {
    try {
      transactions.send(batch);
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /**
   * After a failed send or commit: gives up what is open ({@link #failed}), then runs the
   * recovery's steps and backs off, or leaves what Kafka could not answer yet to the next turns.
   */
  private void recover(KafkaException cause) {
    failed(cause, "");
    if (readyToRoute()) {
      context.backOff();
    }
  }

  /**
   * Classifies a failure ({@link RouterRecovery#classify}), says in the log what happens next, and
   * moves the state: new producers after a fence, an abort otherwise; either way the consumer
   * rewinds before it routes again. A fatal error (authorization, a twin fencing us again and
   * again) moves to {@link State#STOPPED}, and the next step throws it. Waits for nothing: safe
   * inside a rebalance callback.
   */
  private void failed(KafkaException cause, String when) {
    Event event =
        RouterRecovery.classify(
            cause,
            () -> refencings.tryTake(System.nanoTime()),
            this::failuresWithoutCommit,
            ABORTS_BEFORE_NEW_PRODUCERS);
    switch (event) {
      case FENCED ->
          producersReplaced(
              "producers fenced ("
                  + cause.getMessage()
                  + "): this broadcaster's transaction"
                  + " outlived its timeout, or another instance took its transactional.id");
      case PRODUCERS_UNUSABLE ->
          producersReplaced(
              ABORTS_BEFORE_NEW_PRODUCERS
                  + " transactions in a row failed"
                  + " without a commit between them, the last with \""
                  + cause.getMessage()
                  + "\"; a producer in an error"
                  + " state stays in it");
      case FATAL -> fatal = cause;
      default -> {
        stats.aborted();
        log.warn(
            "transaction aborted{}: {}; re-reading from the last committed offsets",
            when.isEmpty() ? "" : " " + when,
            cause.getMessage());
      }
    }
    on(event);
  }

  /** Counts this failure; returns how many failed in a row, with no commit between them. */
  private int failuresWithoutCommit() {
    long committed = stats.transactionsCommitted();
    failuresInARow = committed == committedAtLastFailure ? failuresInARow + 1 : 1;
    committedAtLastFailure = committed;
    return failuresInARow;
  }

  /** Counts and logs the decision to replace the producers ({@link State#REPLACING} does it). */
  private void producersReplaced(String why) {
    stats.aborted();
    log.warn("{}; making new producers and re-reading from the last committed offsets", why);
    failuresInARow = 0;
  }

  /**
   * Replaces both producers, after the broker fenced them or after they kept failing. Fenced: most
   * often this broadcaster paused (stopped, a long GC, a frozen VM) past its transaction timeout,
   * so the broker aborted its transaction and bumped the producer epoch. What it routed is aborted,
   * so nothing is delivered twice; it makes new producers under the same transactional ids ({@code
   * initTransactions}, the next step, takes the epoch back), re-reads from the committed offsets
   * and goes on. A broadcaster fenced again and again within minutes has a twin with the same
   * {@code transactional.id}: that stops the loop ({@link #reasonOf}).
   */
  private void replaceProducers() {
    transactions.discard();
    closeQuietly(first);
    closeQuietly(second);
    first = producerFactory.apply(0);
    second = producerFactory.apply(1);
    transactions = new TransactionPair(first, second, committer, stats);
  }

  private static void closeQuietly(Producer<byte[], byte[]> producer) {
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("closing a fenced producer: {}", e.toString());
    }
  }
}
