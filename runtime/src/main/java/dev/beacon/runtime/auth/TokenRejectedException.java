package dev.beacon.runtime.auth;

/** A JWT that was refused; the message says why in words a client developer can act on. */
public final class TokenRejectedException extends Exception {

  private final boolean unknownKey;

  public TokenRejectedException(String reason) {
    this(reason, false);
  }

  TokenRejectedException(String reason, boolean unknownKey) {
    super(reason, null, false, false);
    this.unknownKey = unknownKey;
  }

  /**
   * True when the token names a {@code kid} the key set in force does not hold: a fresh key set may
   * know it.
   */
  public boolean unknownKey() {
    return unknownKey;
  }
}
