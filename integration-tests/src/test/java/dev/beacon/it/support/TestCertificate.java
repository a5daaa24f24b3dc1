package dev.beacon.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by {@code openssl} in a test's
 * directory: the certificate, its key, and both in one PEM (HAProxy's {@code crt} format).
 */
public record TestCertificate(Path certificate, Path key, Path combined) {

  public static TestCertificate generate(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path cert = dir.resolve("beacon.crt");
    Path key = dir.resolve("beacon.key");
    Path log = dir.resolve("openssl.log");
    Process openssl =
        new ProcessBuilder(
                List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    key.toString(),
                    "-out",
                    cert.toString(),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      openssl.destroyForcibly();
      throw new AssertionError("openssl could not make a certificate: " + Files.readString(log));
    }
    Path combined = dir.resolve("beacon.pem");
    Files.writeString(combined, Files.readString(cert) + Files.readString(key));
    return new TestCertificate(cert, key, combined);
  }
}
