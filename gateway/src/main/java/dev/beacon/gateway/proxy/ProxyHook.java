package dev.beacon.gateway.proxy;

import java.util.Locale;

/** The events the gateway can ask the application's backend about (docs/proxy.md). */
public enum ProxyHook {
  CONNECT,
  SUBSCRIBE,
  PUBLISH,
  REFRESH;

  /** The name in metrics and logs: {@code connect}, {@code subscribe}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
