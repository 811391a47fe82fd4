package io.memorymanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's boundary as a named-module application sees it: every feature package exported, {@code internal}
 * not. (That no exported signature mentions an internal type is the compiler's {@code -Xlint:exports} check.)
 */
class ModuleDescriptorTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyFeaturePackageIsExportedAndInternalIsNot() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("io.memorymanager");
        List<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).sorted().toList();
        List<String> packages;
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/memorymanager"))) {
            packages = files.filter(f -> f.toString().endsWith(".class")).map(f -> CLASSES.relativize(f.getParent()))
                    .map(p -> p.toString().replace('/', '.')).distinct().sorted().collect(Collectors.toList());
        }
        assertThat(packages).contains("io.memorymanager.internal", "io.memorymanager.pool");
        packages.remove("io.memorymanager.internal");
        assertThat(exported).containsExactlyElementsOf(packages);
        assertThat(module.exports()).noneMatch(e -> e.source().equals("io.memorymanager.internal"));
        assertThat(module.opens()).isEmpty();
    }
}
