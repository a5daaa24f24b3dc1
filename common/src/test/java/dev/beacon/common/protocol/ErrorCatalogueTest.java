package dev.beacon.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.common.gps.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The error catalogue ({@link ErrorCode}) and the error tables of docs/protocol.md list the same
 * codes.
 */
class ErrorCatalogueTest {

  private static final Path PROTOCOL = Path.of("../docs/protocol.md");

  /** A table row whose first cell is a code: {@code | `bad_room` | ...}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\|", Pattern.MULTILINE);

  @Test
  @DisplayName(
      "every code in the catalogue is documented in an error table of docs/protocol.md, and no other")
  void catalogueMatchesTheDocs() throws IOException {
    String doc = Files.readString(PROTOCOL);
    Set<String> documented = new TreeSet<>();
    for (String section : doc.split("\n#+ ")) {
      if (section.startsWith("Error codes")) {
        Matcher row = ROW.matcher(section);
        while (row.find()) {
          documented.add(row.group(1));
        }
      }
    }
    Set<String> catalogue =
        Arrays.stream(ErrorCode.values())
            .map(ErrorCode::code)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).as("codes in the error tables of docs/protocol.md").isEqualTo(catalogue);
  }

  @Test
  @DisplayName(
      "codes are unique, and the GPS reject reasons are catalogue entries with the same wire codes")
  void rejectReasonsAreCatalogueEntries() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
    for (RejectReason reason : RejectReason.values()) {
      assertThat(reason.code()).isEqualTo(reason.error().code());
      assertThat(reason.name()).isEqualTo(reason.error().name());
    }
  }
}
