package org.socketiooperator.node;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;

/**
 * Builds the Redis adapter from its settings through the adapter module's factory
 * ({@code org.socketiooperator.adapter.Adapters.create(AdapterConfig)}). It is looked up at run time
 * because the factory lands in the adapter module separately from this node; a build without it fails
 * with a clear message instead of a linkage error.
 */
final class ClusterAdapters {

    private static final String FACTORY = "org.socketiooperator.adapter.Adapters";

    private ClusterAdapters() {
    }

    static Adapter create(AdapterConfig config) {
        Method create;
        try {
            create = Class.forName(FACTORY).getMethod("create", AdapterConfig.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this build has no Redis adapter factory (" + FACTORY
                    + ".create); unset SIO_REDIS_URL/SIO_REDIS_NODES to run a single in-memory node", e);
        }
        try {
            return (Adapter) create.invoke(null, config);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
