package dev.beacon.client;

/**
 * The server answered a {@link BeaconClient} request with {@code {"type":"error"}}; {@link #code()}
 * is one of the error codes of {@code docs/protocol.md} ({@code bad_room}, {@code
 * client_not_connected}, ...).
 */
public final class BeaconErrorException extends RuntimeException {

  private final String code;

  public BeaconErrorException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
