package org.socketiooperator.node.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources at test time and packs them into a jar, the way a user builds an extension. */
public final class FixtureJars {

    private FixtureJars() {}

    /**
     * @param sources   relative path (like {@code com/x/A.java}) to source text
     * @param resources relative path to text, for {@code META-INF/services} files
     * @param classpath classes whose jars or folders the sources compile against
     */
    public static Path build(
            Path jar, Map<String, String> sources, Map<String, String> resources, Class<?>... classpath)
            throws IOException {
        Path work = Files.createTempDirectory("fixture-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        List<String> args = new ArrayList<>(
                List.of("-d", classes.toString(), "-classpath", classpath(classpath), "--release", "17", "-proc:none"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (!files.isEmpty() && javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("fixture sources did not compile (see stderr)");
        }
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            Path file = classes.resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> tree = Files.walk(classes)) {
            for (Path file : tree.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return jar;
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String classpath(Class<?>... classes) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : classes) {
            try {
                entries.add(Path.of(type.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
