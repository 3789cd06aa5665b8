package org.socketiooperator.testsupport;

/**
 * The Redis that the tests of one JVM share: a redis-server of their own on a free loopback port,
 * started on first use and stopped at exit. Never a Redis someone else started (on 6379, say): its
 * traffic, keys and settings would leak into the tests. Tests still keep their keys and channel
 * prefixes apart, since the classes of one module share this server.
 */
public final class SharedRedis {

    private static final RedisServer SERVER = RedisServer.startOnFreePort();

    private SharedRedis() {}

    /** {@code redis://127.0.0.1:<port>} */
    public static String uri() {
        return SERVER.uri();
    }

    public static int port() {
        return SERVER.port();
    }
}
