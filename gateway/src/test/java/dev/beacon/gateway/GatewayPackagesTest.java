package dev.beacon.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The gateway's packages by role (docs/architecture.md, "gateway"), with no cycle between packages
 * or between classes: each dependency points one way, so a reader can take a package, or a class,
 * without the ones above it. Where two parts must talk both ways, the lower one owns a narrow
 * interface that the upper one implements ({@code LocalConnections}, {@code DeliveryHandler},
 * {@code LiveConnection}, {@code LocalDirectory.Recipient}).
 */
@AnalyzeClasses(
    packages = "dev.beacon.gateway",
    importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayPackagesTest {

  private static final String ROOT = "dev.beacon.gateway";

  @ArchTest
  static final ArchRule packagesFreeOfCycles =
      slices().matching("dev.beacon.gateway.(*)..").should().beFreeOfCycles();

  /**
   * As above, with the entry points of the root package ({@code Gateway}, its verticle, its config)
   * as a slice too.
   */
  @ArchTest
  static final ArchRule packagesWithTheRootFreeOfCycles =
      slices()
          .assignedFrom(
              new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                  String name = javaClass.getPackageName();
                  if (name.equals(ROOT)) {
                    return SliceIdentifier.of("(root)");
                  }
                  return name.startsWith(ROOT + ".")
                      ? SliceIdentifier.of(name.substring(ROOT.length() + 1).split("\\.")[0])
                      : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                  return "the gateway's packages, its root package included";
                }
              })
          .should()
          .beFreeOfCycles();

  /**
   * Every top-level class is a slice of its own (a nested class belongs to its top-level class).
   */
  @ArchTest
  static final ArchRule classesFreeOfCycles =
      slices()
          .assignedFrom(
              new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                  String name = javaClass.getName();
                  return name.startsWith(ROOT + ".")
                      ? SliceIdentifier.of(name.split("\\$")[0])
                      : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                  return "the gateway's top-level classes";
                }
              })
          .should()
          .beFreeOfCycles();
}
