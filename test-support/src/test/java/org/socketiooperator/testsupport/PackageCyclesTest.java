package org.socketiooperator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The check the modules run, on two fixture trees, with the configuration they run it with. */
class PackageCyclesTest {

    private static final String FIXTURES = "org.socketiooperator.testsupport.";

    @Test
    void importsOnlyTheCheckedClasses() {
        // archunit.properties of test-support, which every module's tests get
        assertThat(ArchConfiguration.get().resolveMissingDependenciesFromClassPath())
                .isFalse();
    }

    @Test
    void aCycleBetweenTwoPackagesIsFound() {
        String root = FIXTURES + "cycles";
        assertThatThrownBy(() -> PackageCycles.assertNone(root, new ClassFileImporter().importPackages(root)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycles.a")
                .hasMessageContaining("cycles.b");
    }

    @Test
    void packagesUsedOneWayPass() {
        String root = FIXTURES + "nocycle";
        assertThatCode(() -> PackageCycles.assertNone(root, new ClassFileImporter().importPackages(root)))
                .doesNotThrowAnyException();
    }
}
