package dev.beacon.gateway.messaging;

import dev.beacon.common.protocol.ErrorCode;

/**
 * A channel request the room's namespace or the reader refuses: its code goes to the client as an
 * {@code error} frame, or to the server API's caller as the error body's {@code code}.
 */
public final class ChannelRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;

  public ChannelRefusal(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
