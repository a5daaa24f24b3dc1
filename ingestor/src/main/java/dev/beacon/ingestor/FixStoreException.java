package dev.beacon.ingestor;

/** A read or write of the GPS store failed; the message names the file and the operation. */
public final class FixStoreException extends RuntimeException {

  public FixStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
