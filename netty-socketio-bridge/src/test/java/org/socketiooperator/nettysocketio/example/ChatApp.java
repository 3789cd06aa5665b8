package org.socketiooperator.nettysocketio.example;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.nettysocketio.ClusterStoreFactory;
import org.socketiooperator.nettysocketio.NettySocketIoFixes;

/**
 * An ordinary netty-socketio application (namespaces {@code /} and {@code /chat}, rooms, relays) that
 * joins a Socket.IO Redis cluster with one added line, {@code config.setStoreFactory(...)}. Its handlers
 * match the official Node.js peer's ({@code join}, {@code leave}, {@code echo}, {@code relay}), so the
 * tests drive every kind of node alike. The README's worked example is this class.
 *
 * <p>Run it: {@code REDIS_URL=redis://127.0.0.1:6379 HOST=0.0.0.0 PORT=3001 java ... ChatApp}.
 */
public final class ChatApp implements AutoCloseable {

    /** What the other nodes sent with {@code serverSideEmit("hello", ...)}, per namespace, for the tests. */
    public final List<String> serverSideEvents = new CopyOnWriteArrayList<>();

    private final SocketIOServer server;
    private final ClusterStoreFactory cluster;

    public ChatApp(String redisUri, String key, String host, int port) {
        Configuration config = new Configuration();
        config.setHostname(host);
        config.setPort(port);
        config.setRandomSession(true); // a client must not pick its session id (socket ids are bearer secrets)
        config.getSocketConfig().setReuseAddress(true);

        // the one line that makes this server a cluster member
        config.setStoreFactory(
                cluster = ClusterStoreFactory.create(AdapterConfig.classic(RedisEndpoint.standalone(redisUri))
                        .withKey(key)));

        server = new SocketIOServer(config);
        // optional: binary attachments over WebSocket without netty-socketio's stray leading byte, and
        // long-polling clients that do not lose their open request when it races the previous one's close
        server.setPipelineFactory(new NettySocketIoFixes());
        serve(server.getNamespace(""));
        serve(server.addNamespace("/chat"));
        for (String nsp : List.of("/", "/chat")) {
            // netty-socketio has no serverSideEmit: the bridge adds it
            cluster.onServerSideEmit(nsp, "hello", (args, ack) -> {
                serverSideEvents.add(nsp + " " + args);
                if (ack != null) {
                    ack.accept("answer-from-netty" + ("/".equals(nsp) ? "" : nsp));
                }
            });
        }
        server.start();
    }

    private static void serve(SocketIONamespace namespace) {
        // the v4 auth payload arrives with the CONNECT packet (not yet in "/"'s ConnectListener)
        namespace.addAuthTokenListener((auth, client) -> {
            Object name = auth instanceof Map<?, ?> map ? map.get("name") : null;
            client.set(ClusterStoreFactory.DATA_KEY, Map.of("node", "netty", "name", String.valueOf(name)));
            return AuthTokenResult.AuthTokenResultSuccess;
        });
        namespace.addEventListener("join", String.class, (client, room, ack) -> {
            client.joinRoom(room);
            ack.sendAckData((Object) List.copyOf(client.getAllRooms()));
        });
        namespace.addEventListener("leave", String.class, (client, room, ack) -> {
            client.leaveRoom(room);
            ack.sendAckData((Object) List.copyOf(client.getAllRooms()));
        });
        namespace.addEventListener("echo", Object.class, (client, value, ack) -> ack.sendAckData(value));
        // socket.to(room).emit(...) of Socket.IO: everyone in the room, on every node, but the sender
        namespace.addEventListener("relay", Map.class, (client, relay, ack) -> {
            List<?> args = relay.get("args") instanceof List<?> list ? list : List.of();
            namespace
                    .getRoomOperations((String) relay.get("room"))
                    .sendEvent((String) relay.get("event"), client, args.toArray());
            ack.sendAckData("relayed");
        });
    }

    public SocketIOServer server() {
        return server;
    }

    public ClusterStoreFactory cluster() {
        return cluster;
    }

    public String url() {
        return "http://" + server.getConfiguration().getHostname() + ":"
                + server.getConfiguration().getPort();
    }

    @Override
    public void close() {
        server.stop(); // also shuts the bridge down (its adapter and Redis connections)
    }

    public static void main(String[] args) throws InterruptedException {
        String redis = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3001"));
        String host = System.getenv().getOrDefault("HOST", "0.0.0.0");
        ChatApp app = new ChatApp(redis, "socket.io", host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("netty-socketio chat on " + app.url() + ", cluster member via " + redis);
        Thread.currentThread().join();
    }
}
