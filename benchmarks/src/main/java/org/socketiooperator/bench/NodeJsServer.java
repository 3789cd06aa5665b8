package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.socketiooperator.testsupport.NodePeers;

/** The official Node.js server with the Redis adapter ({@code bench-node-server.js}), for comparison. */
public final class NodeJsServer implements BenchServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodePeers.Peer peer;
    private final int port;

    private NodeJsServer(NodePeers.Peer peer, int port) {
        this.peer = peer;
        this.port = port;
    }

    public static NodeJsServer start(String redisUrl, String key) {
        int port = Ports.free();
        NodePeers.Peer peer = NodePeers.start(NodePeers.peersDir().resolve("bench-node-server.js"),
                Map.of("PORT", Integer.toString(port), "REDIS_URL", redisUrl, "KEY", key));
        peer.awaitContaining("\"listening\"", Duration.ofSeconds(30));
        return new NodeJsServer(peer, port);
    }

    @Override
    public String websocketUrl() {
        return "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket";
    }

    /** Node.js offers no forced full GC without --expose-gc, so heap used here is as V8 reports it. */
    @Override
    public Footprint footprint() throws Exception {
        peer.send("stats");
        JsonNode stats = JSON.readTree(peer.awaitContaining("\"stats\"", Duration.ofSeconds(10)));
        return new Footprint(stats.get("connections").asLong(), stats.get("heapUsed").asLong(),
                stats.get("rss").asLong());
    }

    @Override
    public void close() {
        peer.close();
    }
}
