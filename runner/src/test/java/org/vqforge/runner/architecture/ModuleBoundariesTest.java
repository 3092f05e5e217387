package org.vqforge.runner.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.ParameterType;

/**
 * The dependency rules of the plugin architecture: api <- plugins <- ServiceLoader <- runner. The
 * plugin modules are on the runner's test class path (they are runtime dependencies), so every
 * module's production classes are checked here.
 */
class ModuleBoundariesTest {

    private static final String[] JDK = {"java..", "javax.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.vqforge");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"org.vqforge.api.", "org.vqforge.features", "org.vqforge.backends.",
                "org.vqforge.quantizers.",
                "org.vqforge.architectures.", "org.vqforge.losses.", "org.vqforge.runner."}) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                throw new AssertionError("no classes of " + pkg + " imported: the rules below would pass vacuously");
            }
        }
    }

    @Test
    void apiDependsOnlyOnDjlApiAndTheJdk() {
        classes().that().resideInAPackage("org.vqforge.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(JDK, "org.vqforge.api..", "ai.djl.."))
                .check(classes);
        noClasses().that().resideInAPackage("org.vqforge.api..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..")
                .check(classes);
    }

    @Test
    void theFeatureNetworkDependsOnlyOnDjlApiAndTheJdk() {
        classes().that().resideInAPackage("org.vqforge.features..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, "org.vqforge.features..", "ai.djl.."))
                .check(classes);
        noClasses().that().resideInAPackage("org.vqforge.features..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..")
                .check(classes);
    }

    @Test
    void pluginModulesDependOnlyOnTheApi() {
        // and the feature network, which the perceptual loss reads
        classes().that().resideInAnyPackage("org.vqforge.quantizers..", "org.vqforge.architectures..",
                        "org.vqforge.losses..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, "org.vqforge.api..",
                        "org.vqforge.features..", "org.vqforge.quantizers..", "org.vqforge.architectures..",
                        "org.vqforge.losses..", "ai.djl.."))
                .check(classes);
        noClasses().that().resideInAnyPackage("org.vqforge.quantizers..", "org.vqforge.architectures..",
                        "org.vqforge.losses..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.pytorch..", "com.google.inject..")
                .check(classes);
    }

    @Test
    void backendsAloneReachIntoTheEngineAndTheVectorApi() {
        // the JDK's incubating vector API runs the cpu backend's fused nearest-code search
        classes().that().resideInAPackage("org.vqforge.backends..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(JDK, "org.vqforge.api..", "org.vqforge.backends..", "ai.djl..", "jdk.incubator.vector.."))
                .check(classes);
        noClasses().that().resideOutsideOfPackage("org.vqforge.backends..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.pytorch..", "jdk.incubator..")
                .check(classes);
    }

    @Test
    void runnerNamesNoPluginClass() {
        noClasses().that().resideInAPackage("org.vqforge.runner..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vqforge.backends..",
                        "org.vqforge.quantizers..", "org.vqforge.architectures..", "org.vqforge.losses..")
                .check(classes);
    }

    @Test
    void parameterSpecsAreDeclaredThroughTheBuilderPaths() {
        // the 11-argument constructor is easy to get wrong (which bound is inclusive?): plugins and
        // the runner use ParameterSchema.builder() or ParameterSpec's named factories
        noClasses().that().resideOutsideOfPackage("org.vqforge.api.plugin")
                .should().callConstructor(ParameterSpec.class, String.class, ParameterType.class, Object.class,
                        Double.class, boolean.class, Double.class, boolean.class, List.class, int.class, Class.class,
                        String.class)
                .check(classes);
    }

    @Test
    void runnerPackagesHaveNoCycles() {
        slices().matching("org.vqforge.runner.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void terminalLibrariesStayInTheCliAndReportLibrariesInTheReports() {
        // an embedding program gets the runner's core without a command-line parser or a terminal
        noClasses().that().resideOutsideOfPackage("org.vqforge.runner.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "me.tongfei.progressbar..")
                .check(classes);
        // charts and tables: the run page's machinery (report) and the study report built on it
        noClasses().that().resideOutsideOfPackages("org.vqforge.runner.report..", "org.vqforge.runner.study.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jfree..", "org.apache.commons.csv..")
                .check(classes);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("org.vqforge.(*)..").should().beFreeOfCycles().check(classes);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
