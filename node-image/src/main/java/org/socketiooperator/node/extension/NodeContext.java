package org.socketiooperator.node.extension;

import java.util.Map;
import java.util.Optional;
import org.socketiooperator.node.config.NodeConfig;
import org.socketiooperator.server.SocketIoServer;

/** What an extension may use: the Socket.IO server (not started yet), the node's settings, its environment. */
public interface NodeContext {

    /** {@code io}: namespaces, middlewares, connection handlers, broadcasts, extra HTTP routes. */
    SocketIoServer server();

    NodeConfig config();

    /** An environment variable, so that an extension can take settings of its own. */
    Optional<String> env(String name);

    /** The context handed to extensions by the node. */
    static NodeContext of(SocketIoServer server, NodeConfig config, Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        return new NodeContext() {
            @Override
            public SocketIoServer server() {
                return server;
            }

            @Override
            public NodeConfig config() {
                return config;
            }

            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(env.get(name));
            }
        };
    }
}
