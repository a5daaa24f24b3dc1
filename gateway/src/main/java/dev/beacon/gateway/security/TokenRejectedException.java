package dev.beacon.gateway.security;

/** A JWT that was refused; the message says why in words a client developer can act on. */
public final class TokenRejectedException extends Exception {

  public TokenRejectedException(String reason) {
    super(reason, null, false, false);
  }
}
