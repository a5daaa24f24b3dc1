package dev.beacon.gateway.security;

import dev.beacon.runtime.auth.PemFiles;
import java.nio.file.Path;

/**
 * TLS for the gateway's listener: with a PEM certificate chain and its PEM private key the gateway
 * serves {@code wss://} and {@code https://} only; without them it serves plain {@code ws://}.
 *
 * @param certPath PEM certificate chain, leaf first ({@code BEACON_TLS_CERT}); null when TLS is off
 * @param keyPath PEM private key of the leaf certificate, PKCS#8 or PKCS#1 ({@code
 *     BEACON_TLS_KEY}); null when TLS is off
 */
public record TlsConfig(Path certPath, Path keyPath) {

  public TlsConfig {
    if ((certPath == null) != (keyPath == null)) {
      throw new IllegalArgumentException(
          "TLS needs both a certificate and its key: set both BEACON_TLS_CERT and "
              + "BEACON_TLS_KEY (PEM file paths), or neither for plain ws://; got only "
              + (certPath != null ? "BEACON_TLS_CERT" : "BEACON_TLS_KEY"));
    }
    PemFiles.requireReadable(certPath, "BEACON_TLS_CERT", "certificate");
    PemFiles.requireReadable(keyPath, "BEACON_TLS_KEY", "private key");
  }

  /** Plain {@code ws://}. */
  public static TlsConfig off() {
    return new TlsConfig(null, null);
  }

  /** From optional paths: blank or null means not set. */
  public static TlsConfig of(String certPath, String keyPath) {
    return new TlsConfig(path(certPath), path(keyPath));
  }

  public boolean enabled() {
    return certPath != null;
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value.strip());
  }
}
