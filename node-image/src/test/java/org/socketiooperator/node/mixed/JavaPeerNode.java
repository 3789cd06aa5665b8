package org.socketiooperator.node.mixed;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ConnectionStateRecovery;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;

/**
 * A Java node of the mixed cluster: the real server on the real Redis adapter, with the same event
 * handlers as {@code mixed-peer.js} so that a test drives both kinds of node alike.
 */
final class JavaPeerNode implements AutoCloseable {

    final SocketIoServer server;
    final List<List<Object>> serverSideEvents = new CopyOnWriteArrayList<>();
    private final Adapter adapter;

    JavaPeerNode(AdapterConfig config) {
        this.adapter = Adapters.create(config);
        this.server = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .adapter(adapter)
                // as the Node.js peer in streams mode: recovery whenever the adapter keeps sessions
                .connectionStateRecovery(
                        config.maxDisconnectionDuration() == null
                                ? null
                                : new ConnectionStateRecovery(config.maxDisconnectionDuration(), true))
                .build());
        server.onConnection(JavaPeerNode::serve);
        server.sockets().onServerSideEmit("hello", (args, ack) -> {
            serverSideEvents.add(args);
            if (ack != null) {
                ack.send("answer-from-java");
            }
        });
        server.start().toCompletableFuture().join();
    }

    private static void serve(Socket socket) {
        Object name = socket.handshake().auth().get("name");
        socket.data(Map.of("node", "java", "name", String.valueOf(name)));
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
            List<?> relayed = (List<?>) relay.get("args");
            socket.to((String) relay.get("room"))
                    .emit((String) relay.get("event"), relayed == null ? new Object[0] : relayed.toArray());
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
