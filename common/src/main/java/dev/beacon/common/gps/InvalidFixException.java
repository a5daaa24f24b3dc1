package dev.beacon.common.gps;

/**
 * A frame that is not a valid fix. {@link #reason()} is a stable machine-readable code (documented
 * in {@code docs/protocol.md}); the message says what was wrong in words a person can act on.
 *
 * <p>Thrown on the hot path for every rejected frame, so it carries no stack trace.
 */
public final class InvalidFixException extends Exception {

  private final RejectReason reason;

  public InvalidFixException(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }

  /** {@code <code>: <message>}, the text after {@code ERR } in a CSV reply. */
  public String describe() {
    return reason.code() + ": " + getMessage();
  }
}
