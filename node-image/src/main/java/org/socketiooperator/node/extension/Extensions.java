package org.socketiooperator.node.extension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds {@link NodeExtension}s on the classpath and in the plugins folder, and configures them. */
public final class Extensions {

    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);

    private Extensions() {}

    /**
     * Loads every extension visible from {@code parent} plus those in the {@code *.jar} files of
     * {@code pluginsDir} (in name order, so that start-up is repeatable).
     */
    public static List<NodeExtension> load(ClassLoader parent, Optional<Path> pluginsDir) {
        ClassLoader loader = pluginsDir.map(dir -> pluginLoader(parent, dir)).orElse(parent);
        List<NodeExtension> found = new ArrayList<>();
        try {
            for (NodeExtension extension : ServiceLoader.load(NodeExtension.class, loader)) {
                found.add(extension);
            }
        } catch (ServiceConfigurationError e) {
            throw new ExtensionException("cannot load a node extension: " + e.getMessage(), e);
        }
        return found;
    }

    /** Runs {@code configure} of each extension, naming the culprit when one fails. */
    public static void configureAll(List<NodeExtension> extensions, NodeContext context) {
        for (NodeExtension extension : extensions) {
            String name = extension.getClass().getName();
            try {
                extension.configure(context);
            } catch (RuntimeException | LinkageError e) {
                throw new ExtensionException("extension " + name + " failed to configure: " + e, e);
            }
            LOG.info("extension configured: {}", name);
        }
    }

    private static ClassLoader pluginLoader(ClassLoader parent, Path dir) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList()) {
                jars.add(toUrl(jar));
                LOG.info("plugin jar: {}", jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins folder " + dir, e);
        }
        return jars.isEmpty() ? parent : new URLClassLoader("node-plugins", jars.toArray(URL[]::new), parent);
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin path " + jar, e);
        }
    }
}
