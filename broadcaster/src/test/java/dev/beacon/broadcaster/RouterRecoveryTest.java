package dev.beacon.broadcaster;

import static dev.beacon.broadcaster.RouterRecovery.Event.FAILED;
import static dev.beacon.broadcaster.RouterRecovery.Event.FATAL;
import static dev.beacon.broadcaster.RouterRecovery.Event.FENCED;
import static dev.beacon.broadcaster.RouterRecovery.Event.PRODUCERS_UNUSABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.broadcaster.RouterRecovery.Event;
import dev.beacon.broadcaster.RouterRecovery.State;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router's recovery as pure logic: every transition of {@link RouterRecovery#next}, and how
 * failures classify.
 */
class RouterRecoveryTest {

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @DisplayName("every state and event has its one next state")
  @CsvSource({
    // Routing: a failure aborts, a fence or unusable producers replace them, a fatal error stops.
    "ROUTING,      FAILED,             ABORTING",
    "ROUTING,      FENCED,             REPLACING",
    "ROUTING,      PRODUCERS_UNUSABLE, REPLACING",
    "ROUTING,      FATAL,              STOPPED",
    "ROUTING,      STEP_DONE,          ROUTING",
    "ROUTING,      TIMED_OUT,          ROUTING",
    // Aborting: done, rewind; timed out, try again; failing again, abort again; the abort itself
    // failing, replace.
    "ABORTING,     STEP_DONE,          REWINDING",
    "ABORTING,     TIMED_OUT,          ABORTING",
    "ABORTING,     FAILED,             ABORTING",
    "ABORTING,     FENCED,             REPLACING",
    "ABORTING,     PRODUCERS_UNUSABLE, REPLACING",
    "ABORTING,     FATAL,              STOPPED",
    // Replacing: new producers must then initialise; nothing open to abort meanwhile.
    "REPLACING,    STEP_DONE,          INITIALISING",
    "REPLACING,    TIMED_OUT,          REPLACING",
    "REPLACING,    FAILED,             REPLACING",
    "REPLACING,    FENCED,             REPLACING",
    "REPLACING,    PRODUCERS_UNUSABLE, REPLACING",
    "REPLACING,    FATAL,              STOPPED",
    // Initialising: done, rewind; a failure leaves the initialisation to do (nothing is open).
    "INITIALISING, STEP_DONE,          REWINDING",
    "INITIALISING, TIMED_OUT,          INITIALISING",
    "INITIALISING, FAILED,             INITIALISING",
    "INITIALISING, FENCED,             REPLACING",
    "INITIALISING, PRODUCERS_UNUSABLE, REPLACING",
    "INITIALISING, FATAL,              STOPPED",
    // Rewinding: done, route again; the broker not answering where the group stands, try again.
    "REWINDING,    STEP_DONE,          ROUTING",
    "REWINDING,    TIMED_OUT,          REWINDING",
    "REWINDING,    FAILED,             ABORTING",
    "REWINDING,    FENCED,             REPLACING",
    "REWINDING,    PRODUCERS_UNUSABLE, REPLACING",
    "REWINDING,    FATAL,              STOPPED",
    // Stopped stays stopped.
    "STOPPED,      STEP_DONE,          STOPPED",
    "STOPPED,      TIMED_OUT,          STOPPED",
    "STOPPED,      FAILED,             STOPPED",
    "STOPPED,      FENCED,             STOPPED",
    "STOPPED,      PRODUCERS_UNUSABLE, STOPPED",
    "STOPPED,      FATAL,              STOPPED"
  })
  void transition(State from, Event event, State to) {
    assertThat(RouterRecovery.next(from, event)).isEqualTo(to);
  }

  @Test
  @DisplayName("the table above is complete: one row per state and event")
  void everyPairIsCovered() {
    assertThat(State.values().length * Event.values().length).isEqualTo(36);
  }

  @Test
  @DisplayName("every recovery ends routing again once its steps are done, unless it stopped")
  void stepsLeadBackToRouting() {
    for (State start : EnumSet.complementOf(EnumSet.of(State.STOPPED))) {
      State state = start;
      for (int step = 0; step < State.values().length && state != State.ROUTING; step++) {
        state = RouterRecovery.next(state, Event.STEP_DONE);
      }
      assertThat(state).as("from " + start).isEqualTo(State.ROUTING);
    }
  }

  @Test
  @DisplayName("a fence within the budget replaces the producers; beyond it, it is fatal")
  void fences() {
    ProducerFencedException fenced = new ProducerFencedException("fenced (simulated)");
    assertThat(RouterRecovery.classify(fenced, () -> true, () -> 1, 3)).isEqualTo(FENCED);
    assertThat(RouterRecovery.classify(fenced, () -> false, () -> 1, 3)).isEqualTo(FATAL);
  }

  @Test
  @DisplayName(
      "errors no retry fixes are fatal; others abort, until they come three in a row without a commit")
  void failures() {
    assertThat(
            RouterRecovery.classify(
                new TopicAuthorizationException(Set.of("beacon.deliveries")),
                () -> true,
                () -> 1,
                3))
        .isEqualTo(FATAL);
    KafkaException broken = new KafkaException("broker went away (simulated)");
    assertThat(RouterRecovery.classify(broken, () -> true, () -> 2, 3)).isEqualTo(FAILED);
    assertThat(RouterRecovery.classify(broken, () -> true, () -> 3, 3))
        .isEqualTo(PRODUCERS_UNUSABLE);
  }

  @Test
  @DisplayName(
      "classifying takes from the re-fencing budget only for a fence, and counts only ordinary failures")
  void asksOnlyWhatItNeeds() {
    AtomicInteger budgetAsked = new AtomicInteger();
    AtomicInteger counted = new AtomicInteger();
    RouterRecovery.classify(
        new KafkaException("x"),
        () -> budgetAsked.incrementAndGet() > 0,
        counted::incrementAndGet,
        3);
    RouterRecovery.classify(
        new ProducerFencedException("x"),
        () -> budgetAsked.incrementAndGet() > 0,
        counted::incrementAndGet,
        3);
    assertThat(budgetAsked).hasValue(1);
    assertThat(counted).hasValue(1);
  }
}
