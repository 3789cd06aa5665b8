package org.socketiooperator.operator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The operator's own version, written into a resource by the build. */
public final class ProjectVersion {
    private static final String RESOURCE = "/socketio-operator-version.properties";
    private static final String VERSION = load();

    private ProjectVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build the operator with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
