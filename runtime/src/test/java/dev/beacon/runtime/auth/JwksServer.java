package dev.beacon.runtime.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on a loopback port whose keys a test replaces (a rotation), counting the requests
 * it serves.
 */
public final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body = new JWKSet().toString();

  public JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          requests.incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
  }

  /**
   * Serves exactly these keys from now on, each public key under its kid: {@code serve("a", pairA,
   * "b", pairB)}.
   */
  public JwksServer serve(Object... kidThenPair) {
    List<JWK> keys = new ArrayList<>();
    for (int i = 0; i < kidThenPair.length; i += 2) {
      keys.add(jwk((String) kidThenPair[i], (KeyPair) kidThenPair[i + 1]));
    }
    body = new JWKSet(keys).toString();
    return this;
  }

  public int requests() {
    return requests.get();
  }

  public static JWK jwk(String kid, KeyPair pair) {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).keyID(kid).build();
    }
    return new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) pair.getPublic())
        .keyID(kid)
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
