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
    return builder().name(name).work(work).consequence(consequence).build();
  }

  /**
   * A builder with polls of 500 ms and the consumer closing as a plain {@code close()} would; set
   * the name, work and consequence, and what differs.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link LoopSettings}. */
  public static final class Builder {
    private String name;
    private String work;
    private String consequence;
    private Duration idlePoll = IDLE_POLL;
    private CloseOptions close =
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.DEFAULT);

    private Builder() {}

    private Builder(LoopSettings s) {
      name = s.name;
      work = s.work;
      consequence = s.consequence;
      idlePoll = s.idlePoll;
      close = s.close;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder work(String value) {
      work = value;
      return this;
    }

    public Builder consequence(String value) {
      consequence = value;
      return this;
    }

    public Builder idlePoll(Duration value) {
      idlePoll = value;
      return this;
    }

    public Builder close(CloseOptions value) {
      close = value;
      return this;
    }

    /**
     * A static member (group.instance.id) keeps its partitions across a crash and restart; a stop
     * leaves the group, so that the partitions move to the other members at once instead of after
     * the session timeout.
     */
    public Builder leaveGroupOnClose() {
      close = close.withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
      return this;
    }

    /**
     * Closes the consumer within {@code timeout} (zero: without waiting for anything in flight).
     */
    public Builder closeWithin(Duration timeout) {
      close = close.withTimeout(timeout);
      return this;
    }

    public LoopSettings build() {
      return new LoopSettings(name, work, consequence, idlePoll, close);
    }
  }
}
