package org.socketiooperator.bench;

/** One server under load, in a process of its own; closing it stops the process. */
public sealed interface BenchServer extends AutoCloseable permits JavaNodeServer, NodeJsServer {

    /** The raw Engine.IO WebSocket URL of the main namespace. */
    String websocketUrl();

    /** Connections, heap used (after a full GC where the runtime allows one) and RSS, measured now. */
    Footprint footprint() throws Exception;

    @Override
    void close();
}
