package dev.beacon.runtime.kafka;

/**
 * Thrown by {@link ConsumeTask#put} when the poll could not be handled for now (a send was not
 * acknowledged, a commit failed) and should be tried again, in the manner of Kafka Connect's {@code
 * RetriableException}: the {@link ConsumeLoop} logs it, seeks the consumer back to the poll's first
 * offsets and backs off before reading again.
 */
public final class RetryBatchException extends RuntimeException {

  public RetryBatchException(String what, Throwable cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
