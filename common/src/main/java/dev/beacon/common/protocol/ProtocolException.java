package dev.beacon.common.protocol;

/**
 * A client request Beacon refuses. {@link #code()} is the stable machine-readable code; the message
 * says which field was wrong and what to send instead. {@link #id()} is the request's {@code id}
 * when it could be read, so the error reply can echo it.
 *
 * <p>Thrown for every refused frame, so it carries no stack trace.
 */
public final class ProtocolException extends Exception {

  private final ErrorCode error;
  private final transient Object id;

  public ProtocolException(ErrorCode error, String message) {
    this(error, message, null);
  }

  public ProtocolException(ErrorCode error, String message, Object id) {
    super(message, null, false, false);
    this.error = error;
    this.id = id;
  }

  public ErrorCode error() {
    return error;
  }

  /** The wire code, e.g. {@code bad_request}. */
  public String code() {
    return error.code();
  }

  /** The request's id (a String or a Number), or null when it had none or it was unreadable. */
  public Object id() {
    return id;
  }

  /** The same refusal, carrying the request's id. */
  public ProtocolException withId(Object requestId) {
    return new ProtocolException(error, getMessage(), requestId);
  }

  /** The error frame that answers the refused request, see {@link ServerMessages#error}. */
  public String toFrame() {
    return ServerMessages.error(id, code(), getMessage());
  }
}
