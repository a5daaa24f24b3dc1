package dev.beacon.gateway.trackers;

import dev.beacon.common.gps.InvalidFixException;
import dev.beacon.common.protocol.ErrorCode;
import dev.beacon.gateway.dispatch.GatewayError;
import dev.beacon.gateway.security.CredentialRefusedException;

/**
 * Why a tracker's fix was not taken, as every listener answers it: an HTTP status, an error code of
 * the catalogue (docs/protocol.md) and a message saying what to do.
 *
 * <ul>
 *   <li>400: the fix is invalid (a GPS reject code, {@code invalid_json}, {@code bad_request});
 *       sending it again will not help;
 *   <li>401: the credential is refused ({@code invalid_key}, {@code invalid_token}), or none was
 *       presented where one is required ({@code device_not_permitted});
 *   <li>403: the credential does not hold the fix's device ({@code device_not_permitted});
 *   <li>503: Kafka did not take the fix ({@code kafka_unavailable}, {@code overloaded}); send it
 *       again later.
 * </ul>
 */
public final class TrackerRefusal extends RuntimeException {

  public static final int BAD_FIX = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int UNAVAILABLE = 503;

  private final int status;
  private final String code;

  TrackerRefusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static TrackerRefusal of(InvalidFixException rejected) {
    return new TrackerRefusal(BAD_FIX, rejected.reason().code(), rejected.getMessage());
  }

  static TrackerRefusal badRequest(ErrorCode code, String message) {
    return new TrackerRefusal(BAD_FIX, code.code(), message);
  }

  static TrackerRefusal of(CredentialRefusedException refused) {
    return new TrackerRefusal(UNAUTHORIZED, refused.code().code(), refused.getMessage());
  }

  /** A failure of the fix's publication: Kafka's answer, or an unexpected error. */
  public static TrackerRefusal ofPublication(Throwable failure) {
    if (failure instanceof TrackerRefusal refusal) {
      return refusal;
    }
    if (failure instanceof GatewayError error) {
      return new TrackerRefusal(UNAVAILABLE, error.code(), error.getMessage());
    }
    return new TrackerRefusal(
        UNAVAILABLE,
        ErrorCode.INTERNAL_ERROR.code(),
        "the gateway could not take the fix; send it again later");
  }

  public int status() {
    return status;
  }

  /** The error code, as on the WebSocket ({@code lat_out_of_range}, {@code invalid_key}...). */
  public String code() {
    return code;
  }

  /** Whether sending the same fix again may succeed (Kafka was down or busy). */
  public boolean retryable() {
    return status == UNAVAILABLE;
  }

  /** {@code <code>: <message>}. */
  public String describe() {
    return code + ": " + getMessage();
  }
}
