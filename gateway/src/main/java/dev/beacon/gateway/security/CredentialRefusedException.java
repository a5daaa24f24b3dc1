package dev.beacon.gateway.security;

import dev.beacon.common.protocol.ErrorCode;

/**
 * A credential a tracker presented (a device key or a JWT) that holds no devices: unknown,
 * malformed, revoked, expired or badly signed. {@link #code()} is {@code invalid_key} or {@code
 * invalid_token}; the message says what to do.
 */
public final class CredentialRefusedException extends RuntimeException {

  private final ErrorCode code;

  CredentialRefusedException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
