package org.socketiooperator.server.api;

/**
 * The event loops that serve clients. {@code threads} 0 means one per available processor (the container's
 * CPU limit, as the JVM sees it): a broadcast wakes every loop that holds one of its clients, so more loops
 * than cores cost CPU without adding throughput. {@code nativeTransport} uses Linux epoll where it loads and
 * falls back to the JDK selector elsewhere.
 */
public record IoOptions(int threads, boolean nativeTransport) {

    public static final IoOptions DEFAULTS = new IoOptions(0, true);

    public IoOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per processor) or positive: " + threads);
        }
    }

    /** The number of loops to start. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
