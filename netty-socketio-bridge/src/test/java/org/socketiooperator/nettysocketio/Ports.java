package org.socketiooperator.nettysocketio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** netty-socketio cannot bind port 0 and report the port it got, so tests ask the kernel for a free one first. */
final class Ports {

    private Ports() {}

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
