package org.socketiooperator.nettysocketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;

/**
 * This project's node: its Socket.IO server on the classic Redis adapter, namespaces {@code /} and
 * {@code /chat}, with the same handlers as the netty-socketio example and the official Node.js peer.
 */
final class JavaNode implements AutoCloseable {

    final SocketIoServer server;
    final List<String> serverSideEvents = new CopyOnWriteArrayList<>();
    private final Adapter adapter;

    JavaNode(String redisUri, String key) {
        this.adapter = Adapters.create(
                AdapterConfig.classic(RedisEndpoint.standalone(redisUri)).withKey(key));
        this.server = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .adapter(adapter)
                .build());
        for (String name : List.of("/", "/chat")) {
            Namespace nsp = server.of(name);
            nsp.onConnection(JavaNode::serve);
            nsp.onServerSideEmit("hello", (args, ack) -> {
                serverSideEvents.add(name + " " + args);
                if (ack != null) {
                    ack.send("answer-from-java" + ("/".equals(name) ? "" : name));
                }
            });
        }
        server.start().toCompletableFuture().join();
    }

    private static void serve(Socket socket) {
        socket.data(Map.of(
                "node", "java", "name", String.valueOf(socket.handshake().auth().get("name"))));
        socket.on("join", (args, ack) -> {
            socket.join((String) args.get(0));
            if (ack != null) {
                ack.send(List.copyOf(socket.rooms()));
            }
        });
        socket.on("leave", (args, ack) -> {
            socket.leave((String) args.get(0));
            if (ack != null) {
                ack.send(List.copyOf(socket.rooms()));
            }
        });
        socket.on("echo", (args, ack) -> {
            if (ack != null) {
                ack.send(args.get(0));
            }
        });
        socket.on("relay", (args, ack) -> {
            Map<?, ?> relay = (Map<?, ?>) args.get(0);
            List<?> relayed = relay.get("args") instanceof List<?> list ? list : List.of();
            socket.to((String) relay.get("room")).emit((String) relay.get("event"), relayed.toArray());
            if (ack != null) {
                ack.send("relayed");
            }
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop().toCompletableFuture().join();
        adapter.close();
    }
}
