package org.socketiooperator.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The packages of a module form no cycle: every package can be read, changed and tested knowing only
 * the packages it uses. Checked on the compiled production classes, so a fully qualified name in the
 * code counts as much as an import.
 */
public final class PackageCycles {

    private PackageCycles() {}

    /** Fails naming each cycle among {@code rootPackage} and the packages below it (each package is one slice). */
    public static void assertNone(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        assertNone(rootPackage, classes);
    }

    /** The check on classes already imported (the unit test's fixtures are test classes). */
    static void assertNone(String rootPackage, JavaClasses classes) {
        if (classes.isEmpty()) {
            throw new AssertionError("no production class found under " + rootPackage);
        }
        // one slice per package, named from the root's parent down so that the root package is a slice too
        String parent = rootPackage.substring(0, rootPackage.lastIndexOf('.'));
        SlicesRuleDefinition.slices()
                .matching(parent + ".(**)")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }
}
