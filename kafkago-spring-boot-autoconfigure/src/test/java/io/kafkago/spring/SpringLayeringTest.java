package io.kafkago.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter builds on the client's API alone: what it needs from below the API belongs in the API. */
class SpringLayeringTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kafkago.spring");

    @Test
    void theStarterUsesNoInternalNetworkOrProtocolType() {
        noClasses().that().resideInAPackage("io.kafkago.spring..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kafkago.internal..", "io.kafkago.network..",
                        "io.kafkago.protocol..")
                .check(STARTER);
    }
}
