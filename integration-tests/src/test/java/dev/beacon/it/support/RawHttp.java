package dev.beacon.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTP/1.1 GET whose request target goes on the wire exactly as written: {@code //metrics},
 * {@code /console/%2e%2e/metrics} and {@code /METRICS} reach the proxy unchanged, which an HTTP
 * client that normalises URIs would not allow. Plain or over TLS trusting one PEM certificate.
 */
public final class RawHttp {

  private static final int TIMEOUT_MS = 30_000;

  /** The status and body of an answer. */
  public record Response(int status, String body) {}

  private final SSLContext tls;

  private RawHttp(SSLContext tls) {
    this.tls = tls;
  }

  public static RawHttp plain() {
    return new RawHttp(null);
  }

  /** Over TLS, trusting only {@code certificate} (PEM). */
  public static RawHttp trusting(Path certificate) {
    try (InputStream in = Files.newInputStream(certificate)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "beacon", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return new RawHttp(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new AssertionError("cannot trust " + certificate + ": " + e, e);
    }
  }

  /**
   * GET {@code target} from 127.0.0.1:{@code port} with {@code headers}; the connection is closed
   * after it.
   */
  public Response get(int port, String target, Map<String, String> headers) {
    try (Socket socket = tls == null ? new Socket() : tls.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      StringBuilder request =
          new StringBuilder("GET ")
              .append(target)
              .append(" HTTP/1.1\r\n")
              .append("Host: localhost\r\nConnection: close\r\n");
      headers.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(socket.getInputStream()), target);
    } catch (IOException e) {
      throw new AssertionError("GET " + target + " on port " + port + ": " + e, e);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Response parse(String answer, String target) {
    String[] statusLine = answer.split("\r\n", 2)[0].split(" ");
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new AssertionError("GET " + target + ": not an HTTP answer: " + answer);
    }
    int bodyStart = answer.indexOf("\r\n\r\n");
    return new Response(
        Integer.parseInt(statusLine[1]), bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
  }
}
