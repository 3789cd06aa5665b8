package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.transport.NamespaceClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.protocol.codec.BinaryValues;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * One netty-socketio namespace as the cluster adapter sees it. Socket ids are netty-socketio's session
 * UUIDs, as text; each socket counts as a member of the room named after its id (netty-socketio has no
 * such room, the bridge adds it), and the room netty-socketio names after the namespace itself (every
 * socket is in it) stays hidden. Local sockets are reached with {@code client.sendEvent}, one packet per
 * client (never netty-socketio's shared broadcast packet, which binary arguments corrupt).
 */
final class BridgedNamespace implements LocalNamespace {

    private static final Logger LOG = LoggerFactory.getLogger(BridgedNamespace.class);

    /** The packet netty-socketio already wrote to this node's sockets, while its publication is under way. */
    private static final ThreadLocal<EventPacket> DELIVERED_BY_NETTY_SOCKETIO = new ThreadLocal<>();

    private final NamespacesHub hub;
    private final String nettyName;
    private final String clusterName;
    private final Values values;
    private final ServerSideListeners serverSideListeners;
    /** Only for the main namespace: sockets netty-socketio made up for connections that never joined it. */
    private final ImplicitMainSockets implicitSockets;

    private volatile NamespaceAdapter adapter;
    private volatile long lastBinarySkipLog = System.nanoTime() - 20_000_000_000L;

    BridgedNamespace(
            NamespacesHub hub,
            String nettyName,
            Values values,
            ServerSideListeners serverSideListeners,
            ImplicitMainSockets implicitSockets) {
        this.hub = hub;
        this.implicitSockets = implicitSockets;
        this.serverSideListeners = serverSideListeners;
        this.nettyName = nettyName;
        this.clusterName = clusterName(nettyName);
        this.values = values;
    }

    /** netty-socketio names the main namespace {@code ""}; Socket.IO and the cluster call it {@code "/"}. */
    static String clusterName(String nettyName) {
        if (nettyName.isEmpty()) {
            return "/";
        }
        return nettyName.startsWith("/") ? nettyName : "/" + nettyName;
    }

    void attached(NamespaceAdapter namespaceAdapter) {
        this.adapter = namespaceAdapter;
    }

    NamespaceAdapter adapter() {
        return adapter;
    }

    String nettyName() {
        return nettyName;
    }

    Values values() {
        return values;
    }

    /**
     * Publishes a broadcast that netty-socketio has already written to this node's sockets (its
     * {@code BroadcastOperations} deliver locally, then hand the packet to the store factory). The classic
     * adapter delivers locally on the calling thread before publishing; that call is skipped here.
     */
    void publishDeliveredBroadcast(EventPacket packet, BroadcastOptions opts) {
        DELIVERED_BY_NETTY_SOCKETIO.set(packet);
        try {
            adapter.broadcast(packet, opts);
        } finally {
            DELIVERED_BY_NETTY_SOCKETIO.remove();
        }
    }

    private Namespace live() {
        return hub.get(nettyName);
    }

    /** The union of the rooms (everyone when none), without the members of any except room, each socket once. */
    private Collection<SocketIOClient> select(BroadcastOptions opts) {
        Namespace ns = live();
        if (ns == null) {
            return List.of();
        }
        Map<UUID, SocketIOClient> selected = new LinkedHashMap<>();
        if (opts.rooms().isEmpty()) {
            ns.getAllClients().forEach(c -> selected.put(c.getSessionId(), c));
        } else {
            for (String room : opts.rooms()) {
                for (SocketIOClient client : ns.getRoomClients(room)) {
                    selected.put(client.getSessionId(), client);
                }
                UUID id = uuid(room);
                SocketIOClient client = id == null ? null : ns.getClient(id);
                if (client != null) {
                    selected.put(id, client);
                }
            }
        }
        if (!opts.except().isEmpty()) {
            selected.values().removeIf(client -> isIn(client, opts.except()));
        }
        if (implicitSockets != null) {
            selected.values().removeIf(implicitSockets::isImplicit);
        }
        return selected.values();
    }

    /** Every socket of this namespace that the cluster may see. */
    private Collection<SocketIOClient> visible(Namespace ns) {
        if (implicitSockets == null) {
            return ns.getAllClients();
        }
        List<SocketIOClient> out = new ArrayList<>();
        for (SocketIOClient client : ns.getAllClients()) {
            if (!implicitSockets.isImplicit(client)) {
                out.add(client);
            }
        }
        return out;
    }

    private static boolean isIn(SocketIOClient client, Set<String> rooms) {
        if (rooms.contains(client.getSessionId().toString())) {
            return true;
        }
        for (String room : client.getAllRooms()) {
            if (rooms.contains(room)) {
                return true;
            }
        }
        return false;
    }

    static UUID uuid(String room) {
        if (room.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(room);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return clusterName;
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        if (DELIVERED_BY_NETTY_SOCKETIO.get() == packet) {
            return;
        }
        String event = String.valueOf(packet.event());
        Object[] args = packet.args().toArray();
        boolean dropWhenBusy = opts.flags().volatileFlag();
        boolean binary = BinaryValues.containsBinary(packet.args());
        for (SocketIOClient client : select(opts)) {
            if (dropWhenBusy && !client.isWritable() || binary && cannotTakeBinary(client, event)) {
                continue;
            }
            client.sendEvent(event, args);
        }
    }

    /**
     * netty-socketio 2.0.14 frames binary over long-polling the Engine.IO v3 way inside a v4 payload: the
     * official client drops the connection ("parse error") or the session jams (evaluation B2). Such
     * events are not sent to polling clients at all; each skip is logged (at most every 10 s).
     */
    private boolean cannotTakeBinary(SocketIOClient client, String event) {
        if (client.getTransport() != Transport.POLLING) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastBinarySkipLog;
        if (now - last > 10_000_000_000L) {
            lastBinarySkipLog = now;
            LOG.warn(
                    "event {} of {} carries binary: not sent to long-polling client {} (netty-socketio cannot frame"
                            + " binary for Engine.IO v4 polling)",
                    event,
                    clusterName,
                    client.getSessionId());
        }
        return true;
    }

    @Override
    public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
        String event = String.valueOf(packet.event());
        Object[] args = packet.args().toArray();
        long timeoutMs = opts.flags().timeoutMs() == null ? 0 : opts.flags().timeoutMs();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean binary = BinaryValues.containsBinary(packet.args());
        // netty-socketio times acknowledgements out in whole seconds; later answers are dropped here
        int seconds = timeoutMs <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, timeoutMs / 1000 + 1);
        int sent = 0;
        for (SocketIOClient client : select(opts)) {
            if (binary && cannotTakeBinary(client, event)) {
                continue; // not counted: no answer is expected from it
            }
            client.sendEvent(
                    event,
                    new AckCallback<>(Object.class, seconds) {
                        @Override
                        public void onSuccess(Object result) {
                            if (timeoutMs <= 0 || System.nanoTime() - deadline < 0) {
                                onClientAck.accept(result);
                            }
                        }
                    },
                    args);
            sent++;
        }
        return sent;
    }

    @Override
    public void addSocketsToRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (SocketIOClient client : select(opts)) {
            Set<String> wanted = new LinkedHashSet<>(rooms);
            wanted.remove(client.getSessionId().toString()); // already in it, implicitly
            if (!wanted.isEmpty()) {
                client.joinRooms(wanted);
            }
        }
    }

    @Override
    public void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (SocketIOClient client : select(opts)) {
            Set<String> leaving = new LinkedHashSet<>(rooms);
            leaving.remove(client.getSessionId().toString());
            leaving.remove(nettyName); // netty-socketio's own "everyone" room is not a Socket.IO room
            leaving.retainAll(client.getAllRooms());
            if (!leaving.isEmpty()) {
                client.leaveRooms(leaving);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (SocketIOClient client : select(opts)) {
            if (!(client instanceof NamespaceClient namespaceClient)) {
                client.disconnect();
                continue;
            }
            if (close) {
                // as the official server: every namespace of the connection hears DISCONNECT, then it closes
                ClientHead connection = namespaceClient.getBaseClient();
                for (Namespace ns : List.copyOf(connection.getNamespaces())) {
                    NamespaceClient child = connection.getChildClient(ns);
                    if (child != null && !ns.getName().isEmpty()) {
                        child.disconnect();
                    }
                }
                connection.disconnect(); // DISCONNECT for the main namespace, close, clean-up of every namespace
            } else {
                namespaceClient.disconnect(); // a DISCONNECT packet: the client sees "io server disconnect"
                // netty-socketio 2.0.14 leaves out its own clean-up there (NamespaceClient.disconnect): do it
                namespaceClient.onDisconnect();
            }
        }
    }

    @Override
    public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
        List<SocketDetails> out = new ArrayList<>();
        for (SocketIOClient client : select(opts)) {
            out.add(details(client));
        }
        return out;
    }

    private SocketDetails details(SocketIOClient client) {
        String id = client.getSessionId().toString();
        Set<String> rooms = new LinkedHashSet<>();
        rooms.add(id);
        rooms.addAll(client.getAllRooms());
        rooms.remove(nettyName);
        Object data = null;
        Object stored = client.get(ClusterStoreFactory.DATA_KEY);
        if (stored != null) {
            try {
                data = values.plainOrNull(stored);
            } catch (RuntimeException e) {
                LOG.warn(
                        "socket {}: its \"{}\" value cannot be serialised, sent as null: {}",
                        id,
                        ClusterStoreFactory.DATA_KEY,
                        e.toString());
            }
        }
        return new SocketDetails(id, Handshakes.toMap(client.getHandshakeData(), values), rooms, data);
    }

    @Override
    public Set<String> rooms() {
        Namespace ns = live();
        if (ns == null) {
            return Set.of();
        }
        Set<String> rooms = new HashSet<>();
        for (SocketIOClient client : visible(ns)) {
            rooms.add(client.getSessionId().toString());
            rooms.addAll(client.getAllRooms());
        }
        rooms.remove(nettyName);
        return rooms;
    }

    @Override
    public boolean hasRoom(String room) {
        Namespace ns = live();
        if (ns == null) {
            return false;
        }
        UUID id = uuid(room);
        if (id != null && ns.getClient(id) != null) {
            return true;
        }
        // may say yes for a room of implicit sockets only: the message is then decoded and matches nobody
        return ns.getRoomClients(room).iterator().hasNext();
    }

    @Override
    public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        if (eventAndArgs.isEmpty()) {
            return;
        }
        List<ServerSideListener> listeners = serverSideListeners.of(clusterName, String.valueOf(eventAndArgs.get(0)));
        if (listeners.isEmpty()) {
            return;
        }
        List<Object> args = Collections.unmodifiableList(new ArrayList<>(eventAndArgs.subList(1, eventAndArgs.size())));
        AtomicBoolean answered = new AtomicBoolean();
        Consumer<Object> once = ack == null
                ? null
                : value -> {
                    if (answered.compareAndSet(false, true)) {
                        ack.accept(value == null ? null : values.plainOrNull(value));
                    }
                };
        for (ServerSideListener listener : listeners) {
            try {
                listener.onEvent(args, once);
            } catch (RuntimeException e) {
                LOG.warn("server-side listener of {} in {} failed", eventAndArgs.get(0), clusterName, e);
            }
        }
    }

    @Override
    public void addRoomListener(RoomListener listener) {
        // Classic mode never asks; the bridge refuses sharded configurations (see ClusterStoreFactory).
    }
}
