package dev.beacon.broadcaster;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How often a broadcaster may make new producers after being fenced: {@value #MAX} times within
 * {@link #WINDOW}. A pause past the transaction timeout fences a broadcaster once; being fenced
 * again and again means a twin runs with the same {@code transactional.id}, and then the loop must
 * stop and say so rather than fight it.
 */
final class RefencingBudget {

  static final int MAX = 3;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final ArrayDeque<Long> taken = new ArrayDeque<>();

  /**
   * Takes one re-creation at {@code nowNanos}; false when {@value #MAX} were already taken within
   * the window.
   */
  boolean tryTake(long nowNanos) {
    while (!taken.isEmpty() && nowNanos - taken.peekFirst() > WINDOW.toNanos()) {
      taken.pollFirst();
    }
    if (taken.size() >= MAX) {
      return false;
    }
    taken.addLast(nowNanos);
    return true;
  }
}
