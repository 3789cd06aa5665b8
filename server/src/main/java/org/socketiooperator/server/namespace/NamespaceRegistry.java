package org.socketiooperator.server.namespace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.server.api.ConnectionStateRecovery;
import org.socketiooperator.server.api.DynamicNamespaces;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.engine.EngineConnection;
import org.socketiooperator.server.engine.HandshakeRequest;
import org.socketiooperator.server.engine.SessionAcceptor;
import org.socketiooperator.server.engine.SessionListener;
import org.socketiooperator.server.parser.PacketDecoder;

/**
 * Every namespace of the server, static ({@code of("/chat")}) and dynamic (created when a client
 * connects to a name a group accepts), and every client connection, for shutdown and metrics.
 */
public final class NamespaceRegistry implements SessionAcceptor {

    private static final int MAX_NAMESPACE_LENGTH = 256;

    private final Adapter adapter;
    private final long connectTimeoutMs;
    private final int maxAttachments;
    private final long maxPacketBytes;
    private final ConnectionStateRecovery recovery;
    private final Map<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final List<DynamicGroup> groups = new CopyOnWriteArrayList<>();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final PacketCounters counters = new PacketCounters();

    /**
     * @param maxAttachments binary attachments one packet may announce
     * @param maxPacketBytes bytes of one packet, its attachments included
     */
    public NamespaceRegistry(Adapter adapter, long connectTimeoutMs, int maxAttachments, long maxPacketBytes) {
        this(adapter, connectTimeoutMs, maxAttachments, maxPacketBytes, null);
    }

    /** @param recovery connection state recovery, null when off */
    public NamespaceRegistry(
            Adapter adapter,
            long connectTimeoutMs,
            int maxAttachments,
            long maxPacketBytes,
            ConnectionStateRecovery recovery) {
        this.recovery = recovery;
        this.adapter = adapter;
        this.connectTimeoutMs = connectTimeoutMs;
        this.maxAttachments = maxAttachments;
        this.maxPacketBytes = maxPacketBytes;
        of("/");
    }

    /** Null when connection state recovery is off. */
    ConnectionStateRecovery recovery() {
        return recovery;
    }

    public PacketCounters counters() {
        return counters;
    }

    public Namespace of(String name) {
        String key = name.startsWith("/") ? name : "/" + name;
        return namespaces.computeIfAbsent(key, n -> new NamespaceImpl(n, this, null, adapter));
    }

    public DynamicNamespaces dynamic(Predicate<String> matcher) {
        DynamicGroup group = new DynamicGroup(matcher);
        groups.add(group);
        return group;
    }

    /** The namespace a client CONNECT names, made now if a dynamic group accepts it; null when unknown. */
    NamespaceImpl resolve(String name) {
        NamespaceImpl existing = namespaces.get(name);
        if (existing != null) {
            return existing;
        }
        if (name.length() > MAX_NAMESPACE_LENGTH) {
            return null;
        }
        for (DynamicGroup group : groups) {
            if (group.matches(name)) {
                return namespaces.computeIfAbsent(name, n -> new NamespaceImpl(n, this, group, adapter));
            }
        }
        return null;
    }

    @Override
    public SessionListener accept(EngineConnection connection, HandshakeRequest request) {
        ClientConnection client = new ClientConnection(
                connection, request, this, connectTimeoutMs, new PacketDecoder(maxAttachments, maxPacketBytes));
        clients.add(client);
        return client;
    }

    void clientClosed(ClientConnection client) {
        clients.remove(client);
    }

    public int namespaceCount() {
        return namespaces.size();
    }

    public long socketCount() {
        return namespaces.values().stream()
                .mapToLong(NamespaceImpl::socketCount)
                .sum();
    }

    public long roomCount() {
        return namespaces.values().stream()
                .mapToLong(NamespaceImpl::namedRoomCount)
                .sum();
    }

    /** Disconnects every client with the official shutdown reason. */
    public void shutdownClients() {
        for (ClientConnection client : clients) {
            client.shutdown();
        }
    }

    /** Shuts down up to {@code max} clients (a drain spreads this over time); returns how many remain. */
    public int shutdownSome(int max) {
        int n = 0;
        for (ClientConnection client : clients) {
            if (n++ >= max) {
                break;
            }
            clients.remove(client);
            client.shutdown();
        }
        return clients.size();
    }

    /** Shuts down up to {@code max} clients while the node keeps serving (a rebalance); returns how many. */
    public int shedSome(int max) {
        int shed = 0;
        for (ClientConnection client : clients) {
            if (shed >= max) {
                break;
            }
            if (clients.remove(client)) {
                client.shutdown();
                shed++;
            }
        }
        return shed;
    }

    public int clientCount() {
        return clients.size();
    }

    public void closeNamespaces() {
        namespaces.values().forEach(NamespaceImpl::close);
    }
}
