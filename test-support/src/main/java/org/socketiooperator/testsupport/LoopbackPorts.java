package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the servers tests start, so that two builds on one machine (or two test JVMs of one
 * build) never meet on a fixed port. A free port is only free at the instant it is checked: starters retry with
 * another one when a server cannot bind.
 */
public final class LoopbackPorts {

    /** Redis Cluster nodes also listen on port + 10000 (the cluster bus). */
    public static final int CLUSTER_BUS_OFFSET = 10000;

    // Blocks are drawn below the kernel's ephemeral range (32768+), with their bus ports, so outgoing
    // connections never take them between the check and the server's bind.
    private static final int BLOCK_LOW = 17000;
    private static final int BLOCK_HIGH = 22700;
    private static final int MAX_DRAWS = 200;

    private LoopbackPorts() {}

    /** One port the kernel reports free now. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code count} consecutive ports that are free, each with its cluster bus port. */
    public static int freeClusterBlock(int count) {
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            int first = ThreadLocalRandom.current().nextInt(BLOCK_LOW, BLOCK_HIGH - count);
            if (blockIsFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free loopback ports (with their bus ports) in "
                + BLOCK_LOW + "-" + BLOCK_HIGH + " after " + MAX_DRAWS + " draws");
    }

    private static boolean blockIsFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (!canBind(port) || !canBind(port + CLUSTER_BUS_OFFSET)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
