package org.socketiooperator.server.api;

import java.util.function.Consumer;

/**
 * Namespaces created on first use when their name matches ({@code io.of(/regex/)}): middlewares and
 * connection handlers registered here apply to every namespace of the group.
 */
public interface DynamicNamespaces {

    DynamicNamespaces use(Middleware middleware);

    DynamicNamespaces onConnection(Consumer<Socket> handler);
}
