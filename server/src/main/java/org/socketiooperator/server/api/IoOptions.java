package org.socketiooperator.server.api;

import java.util.Locale;

/**
 * The event loops that serve clients. {@code threads} 0 means one per available processor (the container's
 * CPU limit, as the JVM sees it): a broadcast wakes every loop that holds one of its clients, so more loops
 * than cores cost CPU without adding throughput. {@code transport} is the kind of loop: Linux epoll (the
 * default), Linux io_uring, or the JDK selector; a native kind that does not load on this machine falls back
 * (io_uring to epoll, epoll to the JDK selector).
 */
public record IoOptions(int threads, IoTransportKind transport) {

    /** The kinds of event loop, from the most to the least specific. */
    public enum IoTransportKind {
        /** Linux io_uring: the writes of one loop iteration reach the kernel in one submission. */
        IO_URING,
        /** Linux epoll. */
        EPOLL,
        /** The JDK selector, everywhere. */
        NIO;

        /** {@code io_uring}, {@code epoll} or {@code nio}, as configured and logged. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final IoOptions DEFAULTS = new IoOptions(0, IoTransportKind.EPOLL);

    public IoOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per processor) or positive: " + threads);
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must be set");
        }
    }

    /** {@code nativeTransport} true is epoll, false the JDK selector. */
    public IoOptions(int threads, boolean nativeTransport) {
        this(threads, nativeTransport ? IoTransportKind.EPOLL : IoTransportKind.NIO);
    }

    /** True unless the JDK selector was asked for. */
    public boolean nativeTransport() {
        return transport != IoTransportKind.NIO;
    }

    /** The number of loops to start. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
