package io.kafkago;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of the client, checked on its compiled classes: protocol at the bottom (it knows only the exception types
 * it throws), network above it, the engines under {@code internal} above both, and the API package on top, whose
 * public signatures name API types only.
 */
class LayeringTest {

    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kafkago");

    /** API types the lower layers may use: the exceptions they throw with their error codes, and the message header. */
    private static final String[] API_TYPES_BELOW = {
            "io.kafkago.KafkaException", "io.kafkago.KafkaProtocolException", "io.kafkago.KafkaBrokerException",
            "io.kafkago.UnsupportedVersionException", "io.kafkago.KafkaConfigException", "io.kafkago.ErrorCode",
            "io.kafkago.Header"};

    @Test
    void theProtocolLayerUsesNothingAboveIt() {
        classes().that().resideInAPackage("io.kafkago.protocol..")
                .should().onlyDependOnClassesThat(resideInProtocolOrJdk())
                .check(CLIENT);
    }

    @Test
    void generatedMessagesUseOnlyTheProtocolSupportClasses() {
        classes().that().resideInAPackage("io.kafkago.protocol.message")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.kafkago.protocol", "io.kafkago.protocol.message",
                        "java..")
                .check(CLIENT);
    }

    @Test
    void theNetworkLayerKnowsNoEngine() {
        noClasses().that().resideInAPackage("io.kafkago.network..")
                .should().dependOnClassesThat().resideInAPackage("io.kafkago.internal..")
                .check(CLIENT);
    }

    @Test
    void publicSignaturesOfTheApiNameNoInternalNetworkOrProtocolType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : CLIENT) {
            if (!isApi(type)) {
                continue;
            }
            type.getRawSuperclass().filter(LayeringTest::isBelowTheApi)
                    .ifPresent(superclass -> leaks.add(type.getName() + " extends " + superclass.getName()));
            type.getRawInterfaces().stream().filter(LayeringTest::isBelowTheApi)
                    .forEach(implemented -> leaks.add(type.getName() + " implements " + implemented.getName()));
            Stream.of(type.getMethods(), type.getConstructors(), type.getFields()).flatMap(java.util.Set::stream)
                    .filter(LayeringTest::isVisibleOutside)
                    .forEach(member -> signatureTypes(member).stream().filter(LayeringTest::isBelowTheApi)
                            .forEach(leaked -> leaks.add(member.getFullName() + " uses " + leaked.getName())));
        }
        assertThat(leaks).as("public API members that name a type of a lower layer").isEmpty();
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> resideInProtocolOrJdk() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are protocol, JDK, compression or listed API types",
                type -> type.getPackageName().startsWith("io.kafkago.protocol")
                        || type.getPackageName().startsWith("java.")
                        || type.getPackageName().startsWith("io.airlift.compress")
                        || type.isPrimitive() || type.isArray()
                        || List.of(API_TYPES_BELOW).contains(type.getName()));
    }

    /** A public type of the API packages, reachable by users. */
    private static boolean isApi(JavaClass type) {
        String pkg = type.getPackageName();
        return (pkg.equals("io.kafkago") || pkg.equals("io.kafkago.sasl"))
                && type.getModifiers().contains(JavaModifier.PUBLIC)
                && type.getEnclosingClass().map(outer -> outer.getModifiers().contains(JavaModifier.PUBLIC)).orElse(true);
    }

    private static boolean isVisibleOutside(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC) || member.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static java.util.Set<JavaClass> signatureTypes(JavaMember member) {
        java.util.Set<JavaClass> types = new java.util.HashSet<>();
        if (member instanceof com.tngtech.archunit.core.domain.JavaCodeUnit code) {
            types.addAll(code.getReturnType().getAllInvolvedRawTypes());
            code.getParameterTypes().forEach(parameter -> types.addAll(parameter.getAllInvolvedRawTypes()));
            types.addAll(code.getThrowsClause().getTypes());
        } else if (member instanceof com.tngtech.archunit.core.domain.JavaField field) {
            types.addAll(field.getType().getAllInvolvedRawTypes());
        }
        return types;
    }

    private static boolean isBelowTheApi(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        String pkg = base.getPackageName();
        return pkg.startsWith("io.kafkago.internal") || pkg.startsWith("io.kafkago.network")
                || pkg.startsWith("io.kafkago.protocol");
    }
}
