package org.socketiooperator.bench;

/** One server under load, in a process of its own; closing it stops the process. */
public sealed interface BenchServer extends AutoCloseable permits JavaNodeServer, NodeJsServer {

    /** The raw Engine.IO WebSocket URL of the main namespace. */
    String websocketUrl();

    /** The URL a socket.io-client connects to ({@code http://127.0.0.1:<port>}). */
    String httpUrl();

    /** The server's process id, whose CPU time the harness reads from /proc. */
    long pid();

    /** Connections, heap used (after a full GC where the runtime allows one) and RSS, measured now. */
    Footprint footprint() throws Exception;

    @Override
    void close();
}
