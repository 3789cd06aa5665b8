package org.socketiooperator.server.namespace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.server.api.Ack;
import org.socketiooperator.server.api.BroadcastOperator;
import org.socketiooperator.server.api.ConnectError;
import org.socketiooperator.server.api.EventListener;
import org.socketiooperator.server.api.Handshake;
import org.socketiooperator.server.api.Middleware;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.server.api.SocketMiddleware;
import org.socketiooperator.server.engine.DisconnectCause;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SharedMessage;
import org.socketiooperator.server.ids.Ids;
import org.socketiooperator.server.parser.Packet;

/** A client in one namespace. State changes run on the client's event loop; the API is callable from anywhere. */
final class SocketImpl implements Socket {

    private static final Logger LOG = LoggerFactory.getLogger(SocketImpl.class);
    /** The official list: a client gone for these reasons may come back and recover its session. */
    private static final Set<String> RECOVERABLE_REASONS = Set.of(
            "transport error",
            "transport close",
            "forced close",
            "ping timeout",
            "server shutting down",
            "forced server close");

    private final String id;
    /** The private session id of connection state recovery; null when recovery is off. */
    private final String pid;
    /** The session this socket continues; null for a new one. */
    private final RestoredSession restored;

    private final NamespaceImpl namespace;
    private final ClientConnection client;
    private final Handshake handshake;
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    private final List<Consumer<String>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final List<SocketMiddleware> middlewares = new CopyOnWriteArrayList<>();
    private final Map<Long, Consumer<List<Object>>> pendingAcks = new ConcurrentHashMap<>();
    private final AtomicLong nextAckId = new AtomicLong();
    private volatile Object data;
    private volatile boolean connected;
    /** A restored socket's gate for live broadcasts around its catch-up (null otherwise); on its loop only. */
    private CatchUpGate catchUp;

    SocketImpl(NamespaceImpl namespace, ClientConnection client, Handshake handshake) {
        this(namespace, client, handshake, null, namespace.recoveryEnabled());
    }

    /** @param restored the session to continue, or null; {@code withPid} gives a new socket a private id */
    SocketImpl(
            NamespaceImpl namespace,
            ClientConnection client,
            Handshake handshake,
            RestoredSession restored,
            boolean withPid) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.restored = restored;
        if (restored != null) {
            this.id = restored.session().sid();
            this.pid = restored.session().pid();
            this.data = restored.session().data();
        } else {
            this.id = Ids.next();
            this.pid = withPid ? Ids.next() : null;
        }
    }

    String pid() {
        return pid;
    }

    /** The session this socket continues, or null. */
    RestoredSession restored() {
        return restored;
    }

    @Override
    public boolean recovered() {
        return restored != null;
    }

    ClientConnection client() {
        return client;
    }

    /** The offset the client presented to restore its session, or null. */
    String offsetPresented() {
        Object offset = handshake.auth().get("offset");
        return offset instanceof String s ? s : null;
    }

    /** From joining its rooms until its catch-up was written, live broadcasts to this socket wait. */
    void holdLivePackets(Comparator<String> offsetOrder) {
        catchUp = new CatchUpGate(offsetOrder);
    }

    /** Writes the held broadcasts that come after {@code replayedUpTo}; later ones are filtered the same way. */
    void releaseLivePackets(String replayedUpTo) {
        for (CatchUpGate.LivePacket packet : catchUp.release(replayedUpTo)) {
            client.writeShared(packet.message(), packet.attachments(), packet.flags());
        }
    }

    /** A broadcast, on this socket's loop; {@code offset} is the packet's recovery offset, null without one. */
    void writeBroadcast(String offset, SharedMessage message, List<byte[]> attachments, SendFlags flags) {
        CatchUpGate gate = catchUp;
        if (gate == null || gate.passes(new CatchUpGate.LivePacket(offset, message, attachments, flags))) {
            client.writeShared(message, attachments, flags);
        } else if (gate.overflowed()) {
            // it cannot receive everything in order any more: off as a slow client, its session kept to recover
            client.engine().close(DisconnectCause.SLOW_CLIENT);
        }
    }

    void markConnected() {
        connected = true;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public NamespaceImpl namespace() {
        return namespace;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public Object data() {
        return data;
    }

    @Override
    public void data(Object value) {
        data = value;
    }

    @Override
    public Set<String> rooms() {
        return namespace.roomTable().roomsOf(id);
    }

    @Override
    public void join(String... rooms) {
        // Checking `connected` first would race onClose from another thread: the table itself refuses an
        // id that onClose already removed (or that is not connected yet), under the lock leaveAll takes.
        namespace.roomTable().joinIfPresent(id, Arrays.asList(rooms));
    }

    @Override
    public void leave(String room) {
        namespace.roomTable().leave(id, room);
    }

    @Override
    public Socket on(String event, EventListener listener) {
        listeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    @Override
    public Socket onDisconnect(Consumer<String> listener) {
        disconnectListeners.add(listener);
        return this;
    }

    @Override
    public Socket use(SocketMiddleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    // ---- emitting ----

    @Override
    public void emit(String event, Object... args) {
        Object[] rest = args;
        Long ackId = null;
        if (args.length > 0 && args[args.length - 1] instanceof AckCallback callback) {
            rest = Arrays.copyOf(args, args.length - 1);
            ackId = registerAck(callback::onAck);
        }
        List<Object> payload = Events.eventAndArgs(event, rest);
        if (ackId == null && pid != null) {
            // as the official server does: through the adapter, which keeps the packet and gives it an offset
            namespace
                    .adapter()
                    .broadcast(
                            new EventPacket(namespace.name(), payload),
                            new BroadcastOptions(Set.of(this.id), Set.of(), BroadcastFlags.NONE));
            return;
        }
        Long id = ackId;
        client.execute(() -> {
            if (connected) {
                client.write(new Packet(PacketType.EVENT, namespace.name(), id, payload), SendFlags.NORMAL);
            }
        });
    }

    @Override
    public CompletionStage<List<Object>> emitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        List<Object> payload = Events.eventAndArgs(event, args);
        long ackId = registerAck(result::complete);
        client.engine()
                .eventLoop()
                .schedule(
                        () -> {
                            if (pendingAcks.remove(ackId) != null) {
                                result.completeExceptionally(new TimeoutException("operation has timed out"));
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        client.execute(() -> {
            if (connected) {
                client.write(new Packet(PacketType.EVENT, namespace.name(), ackId, payload), SendFlags.NORMAL);
            }
        });
        return result;
    }

    /** Registers an acknowledgement callback and returns its id. */
    long registerAck(Consumer<List<Object>> callback) {
        long ackId = nextAckId.getAndIncrement();
        pendingAcks.put(ackId, callback);
        return ackId;
    }

    void dropAck(long ackId) {
        pendingAcks.remove(ackId);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new BroadcastSelection(namespace, Set.of(rooms), Set.of(id), BroadcastFlags.NONE);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        Set<String> except = new LinkedHashSet<>(Arrays.asList(rooms));
        except.add(id);
        return new BroadcastSelection(namespace, Set.of(), except, BroadcastFlags.NONE);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new BroadcastSelection(namespace, Set.of(), Set.of(id), BroadcastFlags.NONE);
    }

    // ---- incoming ----

    void onPacket(Packet packet) {
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> onEvent(packet);
            case ACK, BINARY_ACK -> {
                Consumer<List<Object>> callback = pendingAcks.remove(packet.id());
                if (callback != null) {
                    runSafely(() -> callback.accept(asList(packet.data())));
                }
            }
            default -> {
                // CONNECT and DISCONNECT are handled by the client connection
            }
        }
    }

    private void onEvent(Packet packet) {
        List<Object> eventAndArgs = asList(packet.data());
        Ack ack = packet.id() == null ? null : onceAck(packet.id());
        runMiddlewares(eventAndArgs, 0, ack);
    }

    private void runMiddlewares(List<Object> eventAndArgs, int index, Ack ack) {
        if (index == middlewares.size()) {
            deliver(eventAndArgs, ack);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (done.compareAndSet(false, true)) {
                    client.execute(() -> runMiddlewares(eventAndArgs, index + 1, ack));
                }
            }

            @Override
            public void refuse(ConnectError error) {
                if (done.compareAndSet(false, true)) {
                    client.execute(() -> deliver(List.of("error", error.getMessage()), null));
                }
            }
        };
        try {
            middlewares.get(index).handle(eventAndArgs, next);
        } catch (ConnectError e) {
            next.refuse(e);
        } catch (RuntimeException e) {
            LOG.warn("socket middleware failed", e);
            next.refuse(new ConnectError(String.valueOf(e.getMessage())));
        }
    }

    private void deliver(List<Object> eventAndArgs, Ack ack) {
        if (!connected) {
            return;
        }
        String event = String.valueOf(eventAndArgs.get(0));
        List<EventListener> list = listeners.get(event);
        if (list == null) {
            return;
        }
        List<Object> args =
                java.util.Collections.unmodifiableList(new ArrayList<>(eventAndArgs.subList(1, eventAndArgs.size())));
        for (EventListener listener : list) {
            runSafely(() -> listener.onEvent(args, ack));
        }
    }

    private Ack onceAck(long ackId) {
        AtomicBoolean sent = new AtomicBoolean();
        return args -> {
            if (sent.compareAndSet(false, true)) {
                List<Object> payload = new ArrayList<>(Arrays.asList(args));
                client.execute(() -> {
                    if (connected) {
                        client.write(new Packet(PacketType.ACK, namespace.name(), ackId, payload), SendFlags.NORMAL);
                    }
                });
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object data) {
        return data instanceof List<?> list ? (List<Object>) list : List.of();
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("listener failed", e);
        }
    }

    // ---- disconnecting ----

    @Override
    public void disconnect(boolean close) {
        client.execute(() -> {
            if (close) {
                client.disconnectAll();
            } else {
                disconnectOnLoop(false);
            }
        });
    }

    void disconnectOnLoop(boolean unused) {
        if (!connected) {
            return;
        }
        client.write(new Packet(PacketType.DISCONNECT, namespace.name(), null, null), SendFlags.NORMAL);
        onClose("server namespace disconnect");
    }

    /** Leaves the namespace for good, once, with the official reason. */
    void onClose(String reason) {
        if (!connected) {
            return;
        }
        connected = false;
        if (pid != null && RECOVERABLE_REASONS.contains(reason)) {
            persistSession();
        }
        namespace.removeSocket(this);
        client.removed(this);
        pendingAcks.clear();
        for (Consumer<String> listener : disconnectListeners) {
            runSafely(() -> listener.accept(reason));
        }
    }

    private void persistSession() {
        try {
            namespace.adapter().persistSession(new SocketSession(id, pid, List.copyOf(rooms()), data));
        } catch (RuntimeException e) {
            LOG.warn("could not keep the session of {} for recovery", id, e);
        }
    }

    SocketDetails details() {
        return new SocketDetails(id, handshake.toMap(), rooms(), data);
    }

    @Override
    public String toString() {
        return "Socket[" + id + " in " + namespace.name() + "]";
    }
}
