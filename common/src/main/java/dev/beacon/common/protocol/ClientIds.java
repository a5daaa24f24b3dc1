package dev.beacon.common.protocol;

import java.util.regex.Pattern;

/**
 * The one rule for a client id: what a JWT {@code sub} may be (it becomes the connection's id) and
 * what {@code direct.to} may name. Wide enough for the subjects identity providers issue ({@code
 * auth0|5f7c8ec7c33c6c004bbafe82}, {@code google-oauth2|1084}, {@code dave+ops@example.com}, UUIDs,
 * base64url ids), narrow enough to be safe wherever an id goes: no whitespace or control characters
 * (log lines), no quotes, slashes, {@code %}, {@code ?}, {@code #} or {@code ,} (URL paths of the
 * admin API, comma-separated lists), printable ASCII only (no look-alike letters).
 */
public final class ClientIds {

  /** Longest client id, in characters: room for a long e-mail address. */
  public static final int MAX_LENGTH = 128;

  /** The characters, for messages. */
  public static final String CHARACTERS = "A-Z a-z 0-9 . _ : - @ | + =";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@|+=-]{1," + MAX_LENGTH + "}");

  private ClientIds() {}

  /** True when {@code id} is a usable client id. */
  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** What a valid client id is, to end an error message with. */
  public static String rule() {
    return "1-" + MAX_LENGTH + " characters of " + CHARACTERS;
  }
}
