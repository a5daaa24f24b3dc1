package dev.beacon.gateway;

import dev.beacon.common.protocol.PresenceRecord.ClientPresent;

/**
 * Where sessions report their presence: on becoming a messaging client, on each subscription change, and on
 * leaving. Called from event loops; never blocks; thread-safe.
 */
public interface PresencePublisher {

  /** The client is connected with {@code state.rooms()}; replaces what was said before. */
  void present(ClientPresent state);

  void left(String clientId);
}
