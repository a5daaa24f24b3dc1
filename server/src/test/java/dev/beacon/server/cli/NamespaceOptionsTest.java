package dev.beacon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.channels.ChannelNamespaces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@DisplayName("--namespaces-file")
class NamespaceOptionsTest {

  @Command(name = "demo")
  static final class Demo implements Callable<Integer> {
    @Mixin NamespaceOptions options;
    ChannelNamespaces loaded;

    @Override
    public Integer call() {
      loaded = options.namespaces();
      return 0;
    }
  }

  private static int run(Demo demo, StringWriter err, String... args) {
    CommandLine line = CliErrors.install(new CommandLine(demo));
    line.setErr(new PrintWriter(err));
    return line.execute(args);
  }

  @Test
  @DisplayName("unset: the default namespace alone, today's rules")
  void unset() {
    Demo demo = new Demo();
    assertThat(run(demo, new StringWriter())).isZero();
    assertThat(demo.loaded.named()).isEmpty();
  }

  @Test
  @DisplayName("loads the file, and an invalid one stops the start naming namespace and field")
  void loadsAndRefuses(@TempDir Path dir) throws Exception {
    Path good =
        Files.writeString(
            dir.resolve("ok.json"), "{\"namespaces\":{\"feed\":{\"clientPublish\":false}}}");
    Demo demo = new Demo();
    assertThat(run(demo, new StringWriter(), "--namespaces-file", good.toString())).isZero();
    assertThat(demo.loaded.of("feed:x").clientPublish()).isFalse();

    Path bad =
        Files.writeString(
            dir.resolve("bad.json"), "{\"namespaces\":{\"feed\":{\"clientPublish\":\"no\"}}}");
    StringWriter err = new StringWriter();
    assertThat(run(new Demo(), err, "--namespaces-file", bad.toString()))
        .isEqualTo(CliErrors.BAD_SETTING);
    assertThat(err.toString())
        .contains("bad.json")
        .contains("namespace 'feed', field 'clientPublish'");
  }
}
