package dev.beacon.runtime.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tokens minted by PyJWT (Debian's {@code python3-jwt}), an implementation that shares no code with
 * Beacon or Nimbus. Each request is {@code {"alg":..., "key": secret or PEM file, "headers": {...},
 * "claims": {...}}}.
 */
public final class PyJwt {

  private static final String SCRIPT =
      String.join(
          "\n",
          "import json, sys, jwt",
          "for spec in json.load(sys.stdin):",
          "    key = spec['key']",
          "    if spec['alg'] != 'HS256':",
          "        key = open(key).read()",
          "    print(jwt.encode(spec['claims'], key, algorithm=spec['alg'], headers=spec.get('headers')))");

  private PyJwt() {}

  /** The Python that has PyJWT (Debian's, not a pyenv shim), or null when there is none. */
  public static String python() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import jwt, cryptography")
                .redirectErrorStream(true)
                .start();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException | InterruptedException e) {
        // try the next one
      }
    }
    return null;
  }

  public static JsonObject spec(
      String alg, String keyOrPemFile, JsonObject headers, JsonObject claims) {
    return new JsonObject()
        .put("alg", alg)
        .put("key", keyOrPemFile)
        .put("headers", headers)
        .put("claims", claims);
  }

  /** One token per spec, in order. */
  public static List<String> mint(String python, JsonObject... specs)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(python, "-c", SCRIPT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream()
        .write(new JsonArray(List.of((Object[]) specs)).encode().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("PyJWT failed: " + out);
    }
    return out.lines().toList();
  }

  public static String pem(Path file) throws IOException {
    return Files.readString(file);
  }
}
