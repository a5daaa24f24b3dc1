package dev.beacon.common.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The shape of a device key and how it is checked. A key reads {@code bk_<key id>_<secret>}:
 * {@value #KEY_ID_HEX} hex characters of key id (not secret: the admin API lists it) and {@value
 * #SECRET_BYTES} random bytes of secret in base64url (so the whole key is safe in a URL). Only the
 * SHA-256 of the whole key is stored.
 *
 * <p>Why a plain SHA-256 and not a password hash (bcrypt, scrypt, Argon2): those are slow on
 * purpose, to make guessing a low-entropy password from a stolen hash expensive. A device key is
 * 256 random bits, so no guess list exists and one fast hash is as strong as a slow one; it also
 * keeps an upgrade check cheap when a fleet of thousands reconnects at once. The comparison is
 * constant-time ({@link MessageDigest#isEqual}) all the same.
 */
public final class DeviceKeySecrets {

  public static final String PREFIX = "bk_";
  public static final int KEY_ID_HEX = 16;
  public static final int SECRET_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{" + KEY_ID_HEX + "}");

  /** 32 bytes are 43 characters of unpadded base64url. */
  private static final Pattern KEY =
      Pattern.compile("bk_([0-9a-f]{" + KEY_ID_HEX + "})_[A-Za-z0-9_-]{43}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceKeySecrets() {}

  /**
   * A freshly drawn key.
   *
   * @param keyId its id, the record key on the topic
   * @param key the whole key, shown to the operator once
   * @param sha256 what is stored: the SHA-256 of {@code key}, in lower-case hex
   */
  public record Minted(String keyId, String key, String sha256) {}

  public static Minted mint() {
    byte[] id = new byte[KEY_ID_HEX / 2];
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String keyId = HexFormat.of().formatHex(id);
    String key =
        PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Minted(keyId, key, sha256(key));
  }

  /** The key id inside a presented key, or null when the text does not have a key's shape. */
  public static String keyIdOf(String presented) {
    if (presented == null) {
      return null;
    }
    var matcher = KEY.matcher(presented);
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** Whether {@code keyId} has the shape of a key id (for a path parameter). */
  public static boolean isKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  /** Whether {@code presented} is the key whose hash is {@code storedSha256}, in constant time. */
  public static boolean matches(String presented, String storedSha256) {
    byte[] stored;
    try {
      stored = HexFormat.of().parseHex(storedSha256);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(digest(presented), stored);
  }

  /** The SHA-256 of {@code key} in lower-case hex. */
  public static String sha256(String key) {
    return HexFormat.of().formatHex(digest(key));
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
