package org.socketiooperator.server.namespace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.socketiooperator.server.api.DynamicNamespaces;
import org.socketiooperator.server.api.Middleware;
import org.socketiooperator.server.api.Socket;

/** Namespaces made on demand when a client asks for a name the predicate accepts. */
final class DynamicGroup implements DynamicNamespaces {

    private final Predicate<String> matcher;
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();

    DynamicGroup(Predicate<String> matcher) {
        this.matcher = matcher;
    }

    boolean matches(String name) {
        try {
            return matcher.test(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    List<Middleware> middlewares() {
        return middlewares;
    }

    List<Consumer<Socket>> connectionHandlers() {
        return connectionHandlers;
    }

    @Override
    public DynamicNamespaces use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    @Override
    public DynamicNamespaces onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
        return this;
    }
}
