package dev.beacon.runtime.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's JSON Web Key Set, held in memory and fetched again without blocking
 * anyone: when a token names a {@code kid} the set does not hold (a rotation), and when the set is
 * older than {@link #MAX_AGE} (a key withdrawn). Fetches are rate-limited to one per {@code
 * minRefresh}, and coalesced. A failed fetch keeps the keys in force, so an outage of the identity
 * provider does not log anyone out. Thread-safe.
 */
final class JwksKeys {

  /**
   * A set older than this is fetched again on the next token, so a withdrawn key stops working
   * within it.
   */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  /**
   * A key set larger than this is refused: no provider publishes one, and it would cost every
   * gateway memory.
   */
  static final int MAX_BYTES = 512 * 1024;

  private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final Duration minRefresh;
  private final HttpClient http;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile JWKSet keys = new JWKSet();
  private volatile long fetchedAtNanos;
  private long lastAttemptNanos;
  private volatile boolean attempted;
  private CompletableFuture<Void> inFlight;

  JwksKeys(URI url, Duration minRefresh) {
    this.url = url;
    this.minRefresh = minRefresh;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The public signing keys in force. */
  JWKSet current() {
    if (attempted && System.nanoTime() - fetchedAtNanos > MAX_AGE.toNanos()) {
      refresh();
    }
    return keys;
  }

  boolean holds(String kid) {
    return keys.getKeyByKeyId(kid) != null;
  }

  /** Fetches issued so far, for tests and logs. */
  int fetches() {
    return fetches.get();
  }

  /**
   * Fetches the set again unless a fetch started less than {@code minRefresh} ago. The stage
   * completes (never exceptionally) when the set in force is the newest this rule allows.
   */
  synchronized CompletableFuture<Void> refresh() {
    if (inFlight != null && !inFlight.isDone()) {
      return inFlight;
    }
    long now = System.nanoTime();
    if (attempted && now - lastAttemptNanos < minRefresh.toNanos()) {
      return CompletableFuture.completedFuture(null);
    }
    attempted = true;
    lastAttemptNanos = now;
    fetches.incrementAndGet();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    inFlight =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenAccept(this::install)
            .exceptionally(
                failure -> {
                  log.warn(
                      "JWT key set {} not fetched, keeping the {} key(s) in force: {}",
                      url,
                      keys.size(),
                      failure.getMessage());
                  return null;
                });
    return inFlight;
  }

  private void install(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
    }
    if (response.body().length() > MAX_BYTES) {
      throw new IllegalStateException("the key set is larger than " + MAX_BYTES + " bytes");
    }
    try {
      List<JWK> signing =
          JWKSet.parse(response.body()).toPublicJWKSet().getKeys().stream()
              .filter(k -> KeyType.RSA.equals(k.getKeyType()) || KeyType.EC.equals(k.getKeyType()))
              .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
              .toList();
      keys = new JWKSet(signing);
      fetchedAtNanos = System.nanoTime();
      log.info("JWT key set from {}: kid {}", url, signing.stream().map(JWK::getKeyID).toList());
    } catch (ParseException e) {
      throw new IllegalStateException("not a JSON Web Key Set: " + e.getMessage(), e);
    }
  }
}
