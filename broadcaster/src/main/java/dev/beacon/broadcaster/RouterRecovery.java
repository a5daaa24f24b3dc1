package dev.beacon.broadcaster;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * How the {@link DeliveryRouter} gets back to routing after a transaction failed, as a state
 * machine: the states say what is left to do before anything is routed again, the events what
 * happened, and {@link #next} is the one transition function. Pure logic, no Kafka: the router runs
 * each state's step ({@link State}) and reports its outcome as an event.
 *
 * <p>A failure never routes on from where it happened: what is open is aborted (or the producers
 * replaced), and the consumer goes back to the committed offsets, so the messages are routed again,
 * exactly once in the committed log. Steps that wait for Kafka run on the router's turns, never
 * inside a rebalance callback: a failure met there only moves the state, and the next turn does the
 * work.
 */
final class RouterRecovery {

  /** What is left to do before routing again; each state but the first and last is one step. */
  enum State {
    /** Routing what is polled. */
    ROUTING,
    /** Abort what is open and what is queued for commit; then rewind. */
    ABORTING,
    /**
     * Close the producers and make new ones under the same transactional ids; then initialise them.
     */
    REPLACING,
    /** The new producers initialise their transactions (taking the epoch back); then rewind. */
    INITIALISING,
    /** Seek the consumer back to the committed offsets; then route. */
    REWINDING,
    /** A fatal error: the loop stops and says why. */
    STOPPED
  }

  /**
   * What happened: a failure, classified ({@link #classify}), or the outcome of the current state's
   * step.
   */
  enum Event {
    /** A send, a commit or a step failed in a way that an abort recovers from. */
    FAILED,
    /**
     * The broker fenced the producers, and the re-fencing budget allows new ones ({@link
     * RefencingBudget}).
     */
    FENCED,
    /**
     * The producers keep failing: several transactions in a row without a commit, or an abort that
     * failed.
     */
    PRODUCERS_UNUSABLE,
    /**
     * Authorization, an unsupported broker, a twin fencing us again and again: nothing to retry.
     */
    FATAL,
    /** The current state's step succeeded. */
    STEP_DONE,
    /**
     * Kafka did not answer the current step in time: stay, back off, try again on the next turn.
     */
    TIMED_OUT
  }

  private RouterRecovery() {}

  /** The one transition function. */
  static State next(State state, Event event) {
    if (state == State.STOPPED) {
      return State.STOPPED;
    }
    return switch (event) {
      case FATAL -> State.STOPPED;
      case FENCED, PRODUCERS_UNUSABLE -> State.REPLACING;
      // New producers have nothing open to abort: they still need their initialisation first.
      case FAILED ->
          state == State.REPLACING || state == State.INITIALISING ? state : State.ABORTING;
      case TIMED_OUT -> state;
      case STEP_DONE ->
          switch (state) {
            case ROUTING, REWINDING -> State.ROUTING;
            case ABORTING, INITIALISING -> State.REWINDING;
            case REPLACING -> State.INITIALISING;
            case STOPPED -> State.STOPPED;
          };
    };
  }

  /**
   * What a failure is. Fenced comes first: new producers take the epoch back, as long as {@code
   * refencingAllowed} (asked only for a fence, since asking takes from the budget); then the errors
   * no retry can fix; then producers failing {@code limit} transactions in a row ({@code
   * failuresInARow} counts this one, asked only here).
   */
  static Event classify(
      KafkaException cause,
      BooleanSupplier refencingAllowed,
      IntSupplier failuresInARow,
      int limit) {
    if (cause instanceof ProducerFencedException && refencingAllowed.getAsBoolean()) {
      return Event.FENCED;
    }
    if (TransactionPair.isFatal(cause)) {
      return Event.FATAL;
    }
    if (failuresInARow.getAsInt() >= limit) {
      return Event.PRODUCERS_UNUSABLE;
    }
    return Event.FAILED;
  }
}
