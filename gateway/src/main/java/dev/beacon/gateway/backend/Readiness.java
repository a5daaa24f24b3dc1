package dev.beacon.gateway.backend;

/**
 * Whether the gateway can do its job right now, as reported by {@code GET /ready}. Implementations
 * answer from state refreshed in the background: both methods are called on event loops and must
 * not block.
 */
public interface Readiness {

  boolean ready();

  /** Why the gateway is not ready, in words an operator can act on; empty when it is ready. */
  String reason();

  /** Always ready: a gateway with nothing outside its process to wait for. */
  Readiness ALWAYS =
      new Readiness() {
        @Override
        public boolean ready() {
          return true;
        }

        @Override
        public String reason() {
          return "";
        }
      };
}
