package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.socketiooperator.testsupport.NodePeers;

/** The official Node.js server with the Redis adapter ({@code bench-node-server.js}), for comparison. */
public final class NodeJsServer implements BenchServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodePeers.Peer peer;
    private final int port;
    private final long pid;

    private NodeJsServer(NodePeers.Peer peer, int port, long pid) {
        this.peer = peer;
        this.port = port;
        this.pid = pid;
    }

    /**
     * @param mode {@code classic} ({@code createAdapter}) or {@code sharded} ({@code createShardedAdapter})
     * @param deflateThreshold 0: {@code perMessageDeflate: false}; otherwise {@code {threshold: N}}
     */
    public static NodeJsServer start(String redisUrl, String key, String mode, int deflateThreshold) throws Exception {
        int port = Ports.free();
        Map<String, String> env =
                new HashMap<>(Map.of("PORT", Integer.toString(port), "REDIS_URL", redisUrl, "KEY", key, "MODE", mode));
        if (deflateThreshold > 0) {
            env.put("DEFLATE_THRESHOLD", Integer.toString(deflateThreshold));
        }
        NodePeers.Peer peer = NodePeers.start(NodePeers.peersDir().resolve("bench-node-server.js"), env);
        JsonNode listening = JSON.readTree(peer.awaitContaining("\"listening\"", Duration.ofSeconds(30)));
        return new NodeJsServer(peer, port, listening.get("pid").asLong());
    }

    @Override
    public String websocketUrl() {
        return "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Node.js offers no forced full GC without --expose-gc, so heap used here is as V8 reports it. */
    @Override
    public Footprint footprint() throws Exception {
        peer.send("stats");
        JsonNode stats = JSON.readTree(peer.awaitContaining("\"stats\"", Duration.ofSeconds(10)));
        return new Footprint(
                stats.get("connections").asLong(),
                stats.get("heapUsed").asLong(),
                stats.get("rss").asLong());
    }

    @Override
    public void close() {
        peer.close();
    }
}
