package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client's module, as an application on the module path sees it: it resolves against the real jars of its
 * dependencies, and exports the API packages only.
 */
class ModuleDescriptorTest {

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleLayer clientLayer() throws URISyntaxException {
        ModuleFinder finder = ModuleFinder.of(locationOf(Conn.class),
                locationOf(io.airlift.compress.lz4.Lz4Compressor.class), locationOf(org.slf4j.Logger.class));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("io.kafkago.client"));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void onlyTheApiPackagesAreExported() throws URISyntaxException {
        ModuleDescriptor descriptor = clientLayer().findModule("io.kafkago.client").orElseThrow().getDescriptor();

        assertThat(descriptor.exports()).allSatisfy(exported -> assertThat(exported.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.kafkago", "io.kafkago.sasl");
        assertThat(descriptor.packages()).contains("io.kafkago.internal.writer", "io.kafkago.network",
                "io.kafkago.protocol.message", "io.kafkago.protocol.record");
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void theModuleResolvesAndItsClassesLoadFromTheModulePath() throws Exception {
        Module client = clientLayer().findModule("io.kafkago.client").orElseThrow();

        Class<?> message = Class.forName(client, "io.kafkago.Message");
        Object built = message.getMethod("of", String.class).invoke(null, "hello");
        assertThat(message.getMethod("valueAsString").invoke(built)).isEqualTo("hello");
        assertThat(client.isExported("io.kafkago.internal.writer")).isFalse();
        // the compression codecs find aircompressor under the name the module system derives from its jar
        assertThat(client.canRead(client.getLayer().findModule("aircompressor").orElseThrow())).isTrue();
    }
}
