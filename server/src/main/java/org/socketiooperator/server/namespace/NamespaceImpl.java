package org.socketiooperator.server.namespace;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.server.api.Ack;
import org.socketiooperator.server.api.BroadcastOperator;
import org.socketiooperator.server.api.ConnectError;
import org.socketiooperator.server.api.ConnectionStateRecovery;
import org.socketiooperator.server.api.EventListener;
import org.socketiooperator.server.api.Handshake;
import org.socketiooperator.server.api.Middleware;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.RemoteSocket;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SharedMessage;
import org.socketiooperator.server.parser.EncodedPacket;
import org.socketiooperator.server.parser.Packet;
import org.socketiooperator.server.parser.PacketEncoder;

/**
 * One namespace of this node: the user-facing {@link Namespace} and, towards the adapter, the
 * {@link LocalNamespace} that applies cluster operations to the local sockets.
 */
final class NamespaceImpl implements Namespace, LocalNamespace {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceImpl.class);

    private final String name;
    private final NamespaceRegistry registry;
    private final DynamicGroup group;
    private final NamespaceAdapter adapter;
    /** The adapter's offset order, null when it keeps no packets: then restored sockets get no catch-up. */
    private final Comparator<String> offsetOrder;

    private final Map<String, SocketImpl> sockets = new ConcurrentHashMap<>();
    private final RoomTable rooms = new RoomTable();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, List<EventListener>> serverSideListeners = new ConcurrentHashMap<>();

    NamespaceImpl(String name, NamespaceRegistry registry, DynamicGroup group, Adapter adapter) {
        this.name = name;
        this.registry = registry;
        this.group = group;
        this.adapter = adapter.attach(this);
        this.offsetOrder = this.adapter.offsetOrder();
    }

    NamespaceAdapter adapter() {
        return adapter;
    }

    boolean recoveryEnabled() {
        return registry.recovery() != null;
    }

    RoomTable roomTable() {
        return rooms;
    }

    int socketCount() {
        return sockets.size();
    }

    long namedRoomCount() {
        return rooms.namedRoomCount();
    }

    @Override
    public String name() {
        return name;
    }

    // ---- Namespace (user API) ----

    @Override
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    @Override
    public Namespace onConnection(Consumer<Socket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    @Override
    public Namespace onServerSideEmit(String event, EventListener listener) {
        serverSideListeners
                .computeIfAbsent(event, k -> new CopyOnWriteArrayList<>())
                .add(listener);
        return this;
    }

    @Override
    public Map<String, Socket> sockets() {
        return Collections.unmodifiableMap(sockets);
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(Events.eventAndArgs(event, args));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return adapter.serverSideEmitWithAck(Events.eventAndArgs(event, args));
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return adapter.serverCount();
    }

    private BroadcastSelection all() {
        return new BroadcastSelection(this, Set.of(), Set.of(), BroadcastFlags.NONE);
    }

    @Override
    public BroadcastOperator to(String... targets) {
        return all().to(targets);
    }

    @Override
    public BroadcastOperator except(String... targets) {
        return all().except(targets);
    }

    @Override
    public BroadcastOperator local() {
        return all().local();
    }

    @Override
    public BroadcastOperator volatileFlag() {
        return all().volatileFlag();
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return all().compress(compress);
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return all().timeout(timeout);
    }

    @Override
    public void emit(String event, Object... args) {
        all().emit(event, args);
    }

    @Override
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        return all().emitWithAck(event, args);
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets() {
        return all().fetchSockets();
    }

    @Override
    public CompletionStage<Void> socketsJoin(String... targets) {
        return all().socketsJoin(targets);
    }

    @Override
    public CompletionStage<Void> socketsLeave(String... targets) {
        return all().socketsLeave(targets);
    }

    @Override
    public CompletionStage<Void> disconnectSockets(boolean close) {
        return all().disconnectSockets(close);
    }

    // ---- connecting ----

    /**
     * Restores the client's earlier session when it presents one ({@code pid} and {@code offset} in its
     * CONNECT) and recovery is on, then runs the middlewares and connects or refuses. On the client's loop.
     */
    void admit(ClientConnection client, Handshake handshake) {
        ConnectionStateRecovery recovery = registry.recovery();
        Object pid = handshake.auth().get("pid");
        Object offset = handshake.auth().get("offset");
        if (recovery == null || !Offsets.plausible(pid) || !Offsets.plausible(offset)) {
            admit(new SocketImpl(this, client, handshake), false);
            return;
        }
        long asked = System.nanoTime();
        CompletionStage<Optional<RestoredSession>> restoring;
        try {
            restoring = adapter.restoreSession((String) pid, (String) offset);
        } catch (RuntimeException e) {
            restoring = CompletableFuture.failedFuture(e);
        }
        restoring.whenComplete((found, error) -> client.execute(() -> {
            if (error != null) {
                LOG.warn("could not restore a session in {}: {}", name, error.toString());
            }
            warnIfSlow("restore", asked);
            RestoredSession session = error == null ? found.orElse(null) : null;
            if (session != null && sockets.containsKey(session.session().sid())) {
                // the socket is still here (its close was not seen yet): two sockets must not share an id
                session = null;
            }
            admit(
                    new SocketImpl(this, client, handshake, session, true),
                    session != null && recovery.skipMiddlewares());
        }));
    }

    private void admit(SocketImpl socket, boolean skipMiddlewares) {
        if (skipMiddlewares) {
            connect(socket);
            return;
        }
        List<Middleware> chain = new ArrayList<>();
        if (group != null) {
            chain.addAll(group.middlewares());
        }
        chain.addAll(middlewares);
        runMiddleware(chain, 0, socket);
    }

    private void runMiddleware(List<Middleware> chain, int index, SocketImpl socket) {
        ClientConnection client = socket.client();
        if (index == chain.size()) {
            connect(socket);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (done.compareAndSet(false, true)) {
                    client.execute(() -> runMiddleware(chain, index + 1, socket));
                }
            }

            @Override
            public void refuse(ConnectError error) {
                if (done.compareAndSet(false, true)) {
                    client.execute(() -> {
                        if (!client.closed()) {
                            client.refused(name, error.getMessage(), error.data());
                        }
                    });
                }
            }
        };
        try {
            chain.get(index).handle(socket, next);
        } catch (ConnectError e) {
            next.refuse(e);
        } catch (RuntimeException e) {
            LOG.warn("connection middleware of {} failed", name, e);
            next.refuse(new ConnectError(String.valueOf(e.getMessage())));
        }
    }

    private void connect(SocketImpl socket) {
        ClientConnection client = socket.client();
        if (client.closed()) {
            return;
        }
        socket.markConnected();
        sockets.put(socket.id(), socket);
        rooms.join(socket.id(), List.of(socket.id()));
        RestoredSession restored = socket.restored();
        if (restored == null) {
            announce(socket);
            return;
        }
        rooms.join(socket.id(), restored.session().rooms());
        if (offsetOrder == null || socket.offsetPresented() == null) {
            replay(client, restored.missedPackets());
            announce(socket);
            return;
        }
        // A packet kept after the restore's last read but delivered before the join above reached neither
        // the restore nor the socket: read again from the last replayed offset, holding live packets meanwhile.
        socket.holdLivePackets(offsetOrder);
        String from = lastOffset(restored.missedPackets(), socket.offsetPresented());
        long asked = System.nanoTime();
        CompletionStage<List<List<Object>>> catchUp;
        try {
            catchUp = adapter.packetsSince(restored.session().rooms(), from);
        } catch (RuntimeException e) {
            catchUp = CompletableFuture.failedFuture(e);
        }
        catchUp.whenComplete((later, error) -> client.execute(() -> {
            if (error != null) {
                LOG.warn("catch-up of a restored session in {} failed: {}", name, error.toString());
            }
            warnIfSlow("catch-up", asked);
            if (client.closed()) {
                removeSocket(socket);
                return;
            }
            List<List<Object>> packets = new ArrayList<>(restored.missedPackets());
            if (error == null) {
                packets.addAll(later);
            }
            replay(client, packets);
            socket.releaseLivePackets(lastOffset(packets, from));
            announce(socket);
        }));
    }

    /** A client waits for its CONNECT answer meanwhile: a slow adapter read is worth a line in the log. */
    private void warnIfSlow(String what, long askedNanos) {
        long millis = (System.nanoTime() - askedNanos) / 1_000_000;
        if (millis >= 1_000) {
            LOG.warn("{} of a session in {} took {} ms", what, name, millis);
        }
    }

    /** The official server writes the missed packets before CONNECT; the client buffers them until then. */
    private void replay(ClientConnection client, List<List<Object>> packets) {
        for (List<Object> missed : packets) {
            client.write(new Packet(PacketType.EVENT, name, null, missed), SendFlags.NORMAL);
        }
    }

    /** A replayed packet's offset is its last element. */
    private static String lastOffset(List<List<Object>> packets, String otherwise) {
        if (packets.isEmpty()) {
            return otherwise;
        }
        List<Object> last = packets.get(packets.size() - 1);
        return last.get(last.size() - 1) instanceof String offset ? offset : otherwise;
    }

    private void announce(SocketImpl socket) {
        socket.client().connected(socket);
        List<Consumer<Socket>> handlers = new ArrayList<>();
        if (group != null) {
            handlers.addAll(group.connectionHandlers());
        }
        handlers.addAll(connectionHandlers);
        for (Consumer<Socket> handler : handlers) {
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                LOG.warn("connection handler of {} failed", name, e);
            }
        }
    }

    void removeSocket(SocketImpl socket) {
        sockets.remove(socket.id(), socket);
        rooms.leaveAll(socket.id());
    }

    // ---- LocalNamespace (adapter side) ----

    private List<SocketImpl> select(BroadcastOptions opts) {
        Set<String> ids = rooms.select(opts.rooms(), opts.except(), sockets.keySet());
        List<SocketImpl> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            SocketImpl socket = sockets.get(id);
            if (socket != null) {
                out.add(socket);
            }
        }
        return out;
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        List<SocketImpl> targets = select(opts);
        if (targets.isEmpty()) {
            return;
        }
        // encoded once, the same text and attachments go to every target
        EncodedPacket encoded = PacketEncoder.encode(new Packet(PacketType.EVENT, name, null, packet.data()));
        SharedMessage message = new SharedMessage(encoded.text());
        SendFlags flags = sendFlags(opts);
        String offset = offsetOf(packet, opts);
        // One task per event loop rather than one per socket: a broadcast from Redis arrives on the adapter's
        // thread, and handing each socket its own task cost more than the writes themselves.
        Map<EventLoop, List<SocketImpl>> byLoop = new HashMap<>();
        for (SocketImpl socket : targets) {
            byLoop.computeIfAbsent(socket.client().engine().eventLoop(), loop -> new ArrayList<>())
                    .add(socket);
        }
        byLoop.forEach((loop, sockets) -> {
            Runnable write = () -> {
                for (SocketImpl socket : sockets) {
                    socket.writeBroadcast(offset, message, encoded.attachments(), flags);
                }
            };
            if (loop.inEventLoop()) {
                write.run();
            } else {
                loop.execute(write);
            }
        });
    }

    /** The recovery offset the adapter appended as the last element, or null (none kept, or a volatile packet). */
    private String offsetOf(EventPacket packet, BroadcastOptions opts) {
        if (offsetOrder == null || !Offsets.kept(opts) || packet.data().isEmpty()) {
            return null;
        }
        return packet.data().get(packet.data().size() - 1) instanceof String offset ? offset : null;
    }

    /** Only an explicit {@code compress(false)} turns compression off, as in the official server. */
    private static SendFlags sendFlags(BroadcastOptions opts) {
        return new SendFlags(
                opts.flags().volatileFlag(), !Boolean.FALSE.equals(opts.flags().compress()));
    }

    @Override
    public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
        List<SocketImpl> targets = select(opts);
        if (targets.isEmpty()) {
            return 0;
        }
        EncodedPacket encoded = PacketEncoder.encode(new Packet(PacketType.EVENT, name, null, packet.data()));
        long timeoutMs = opts.flags().timeoutMs() == null ? 0 : opts.flags().timeoutMs();
        SendFlags flags = sendFlags(opts);
        for (SocketImpl socket : targets) {
            long ackId = socket.registerAck(args -> onClientAck.accept(args.isEmpty() ? null : args.get(0)));
            if (timeoutMs > 0) {
                socket.client()
                        .engine()
                        .eventLoop()
                        .schedule(() -> socket.dropAck(ackId), timeoutMs, TimeUnit.MILLISECONDS);
            }
            socket.client().writeEncoded(encoded.textWithId(ackId), encoded.attachments(), flags);
        }
        return targets.size();
    }

    @Override
    public void addSocketsToRooms(BroadcastOptions opts, Collection<String> roomNames) {
        for (SocketImpl socket : select(opts)) {
            socket.join(roomNames.toArray(String[]::new));
        }
    }

    @Override
    public void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> roomNames) {
        for (SocketImpl socket : select(opts)) {
            for (String room : roomNames) {
                socket.leave(room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (SocketImpl socket : select(opts)) {
            socket.disconnect(close);
        }
    }

    @Override
    public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
        return select(opts).stream().map(SocketImpl::details).toList();
    }

    @Override
    public Set<String> rooms() {
        return rooms.rooms();
    }

    @Override
    public boolean hasRoom(String room) {
        return rooms.has(room);
    }

    @Override
    public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        if (eventAndArgs.isEmpty()) {
            return;
        }
        List<EventListener> list = serverSideListeners.get(String.valueOf(eventAndArgs.get(0)));
        if (list == null) {
            return;
        }
        List<Object> args = Collections.unmodifiableList(new ArrayList<>(eventAndArgs.subList(1, eventAndArgs.size())));
        AtomicBoolean answered = new AtomicBoolean();
        Ack once = ack == null
                ? null
                : values -> {
                    if (answered.compareAndSet(false, true)) {
                        ack.accept(values.length == 0 ? null : values[0]);
                    }
                };
        for (EventListener listener : list) {
            try {
                listener.onEvent(args, once);
            } catch (RuntimeException e) {
                LOG.warn("server-side listener of {} failed", name, e);
            }
        }
    }

    @Override
    public void addRoomListener(RoomListener listener) {
        rooms.addListener(listener);
    }

    void close() {
        adapter.close();
    }
}
