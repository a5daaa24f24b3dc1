package dev.beacon.runtime.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;

/**
 * How a {@link ConsumeLoop} names itself in the logs, polls and closes its consumer.
 *
 * @param name what the logs call the loop, e.g. {@code broadcaster}
 * @param work what it does, e.g. {@code routing beacon.messages}: "broadcaster stopped routing
 *     beacon.messages"
 * @param consequence what no longer works when the loop dies and what to do, for the error log
 * @param idlePoll how long a poll waits for records unless the task asks for less
 * @param close how the consumer closes (leave the group at once, or how long to wait)
 */
public record LoopSettings(
    String name, String work, String consequence, Duration idlePoll, CloseOptions close) {

  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Polls of 500 ms; the consumer closes as a plain {@code close()} would. */
  public static LoopSettings of(String name, String work, String consequence) {
    return new LoopSettings(
        name,
        work,
        consequence,
        IDLE_POLL,
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.DEFAULT));
  }

  public LoopSettings withIdlePoll(Duration poll) {
    return new LoopSettings(name, work, consequence, poll, close);
  }

  /**
   * A static member (group.instance.id) keeps its partitions across a crash and restart; a stop
   * leaves the group, so that the partitions move to the other members at once instead of after the
   * session timeout.
   */
  public LoopSettings leavingGroupOnClose() {
    return new LoopSettings(
        name,
        work,
        consequence,
        idlePoll,
        close.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }

  /** Closes the consumer within {@code timeout} (zero: without waiting for anything in flight). */
  public LoopSettings closingWithin(Duration timeout) {
    return new LoopSettings(name, work, consequence, idlePoll, close.withTimeout(timeout));
  }
}
