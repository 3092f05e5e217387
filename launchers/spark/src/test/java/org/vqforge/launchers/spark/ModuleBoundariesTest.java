package org.vqforge.launchers.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Spark stays behind the class loader: the provider side depends on the api and the JDK only, the
 * task package (shared by both loaders) on the JDK only, and only the driver package names Spark.
 */
class ModuleBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.vqforge.launchers.spark");

    @Test
    void theProviderSideNeedsTheApiAndTheJdkOnly() {
        classes().that().resideInAPackage("org.vqforge.launchers.spark")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.vqforge.api..",
                        "org.vqforge.launchers.spark", "org.vqforge.launchers.spark.task")
                .check(CLASSES);
    }

    @Test
    void theTaskPackageNeedsTheJdkOnly() {
        classes().that().resideInAPackage("org.vqforge.launchers.spark.task")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.vqforge.launchers.spark.task")
                .check(CLASSES);
    }

    @Test
    void theDriverPackageReachesTheRestOfThePluginThroughTheTaskPackageOnly() {
        classes().that().resideInAPackage("org.vqforge.launchers.spark.driver")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("org.vqforge.api..", "org.vqforge.launchers.spark")
                .check(CLASSES);
    }
}
