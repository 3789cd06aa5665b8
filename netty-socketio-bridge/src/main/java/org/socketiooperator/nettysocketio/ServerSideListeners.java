package org.socketiooperator.nettysocketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@code serverSideEmit} listeners of every namespace, kept by the factory so they can be added before start. */
final class ServerSideListeners {

    private final Map<String, Map<String, List<ServerSideListener>>> byNamespace = new ConcurrentHashMap<>();

    void add(String namespace, String event, ServerSideListener listener) {
        byNamespace
                .computeIfAbsent(namespace, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(event, e -> new CopyOnWriteArrayList<>())
                .add(listener);
    }

    List<ServerSideListener> of(String namespace, String event) {
        Map<String, List<ServerSideListener>> events = byNamespace.get(namespace);
        List<ServerSideListener> listeners = events == null ? null : events.get(event);
        return listeners == null ? List.of() : listeners;
    }
}
