package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The Redis that the tests of one JVM share: a redis-server of their own on a free loopback port,
 * started on first use and stopped at exit. Never a Redis someone else started (on 6379, say): its
 * traffic, keys and settings would leak into the tests. Tests still keep their keys and channel
 * prefixes apart, since the classes of one module share this server.
 */
public final class SharedRedis {

    private static final RedisServer SERVER = RedisServer.start(freePort());

    private SharedRedis() {}

    /** {@code redis://127.0.0.1:<port>} */
    public static String uri() {
        return SERVER.uri();
    }

    public static int port() {
        return SERVER.port();
    }

    private static int freePort() {
        // below the ephemeral range is not guaranteed free either; the kernel's choice is, at this instant
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
