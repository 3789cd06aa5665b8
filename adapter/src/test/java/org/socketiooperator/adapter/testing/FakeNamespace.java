package org.socketiooperator.adapter.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * An in-memory namespace of one test node: fake sockets that record what reaches them, rooms kept
 * the way socket.io's in-memory adapter keeps them (selection rule, room lifecycle events).
 * Client acknowledgements are answered asynchronously, as a real client over the network would.
 */
public final class FakeNamespace implements LocalNamespace {

    private static final char[] ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Map<String, FakeSocket> sockets = new LinkedHashMap<>();
    private final Map<String, Set<String>> roomMembers = new LinkedHashMap<>();
    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();
    private final List<List<Object>> serverSideEvents = new CopyOnWriteArrayList<>();
    private final Set<String> broadcastThreads = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<List<Object>, Consumer<Object>> serverSideListener;
    private volatile Consumer<EventPacket> beforeBroadcast = packet -> {};

    public FakeNamespace(String name) {
        this.name = name;
    }

    /** Connects a new socket (20-character id, like engine.io) and puts it in its own room. */
    public synchronized FakeSocket connect() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        FakeSocket socket = new FakeSocket(new String(id));
        sockets.put(socket.id(), socket);
        join(socket.id(), socket.id());
        return socket;
    }

    public synchronized void join(String socketId, String room) {
        if (!sockets.containsKey(socketId)) {
            return;
        }
        Set<String> members = roomMembers.get(room);
        if (members == null) {
            members = new LinkedHashSet<>();
            roomMembers.put(room, members);
            // socket.io flags a room named after any connected socket as private, not just the joiner's own
            boolean socketIdRoom = sockets.containsKey(room);
            listeners.forEach(l -> l.roomCreated(room, socketIdRoom));
        }
        members.add(socketId);
    }

    public synchronized void leave(String socketId, String room) {
        Set<String> members = roomMembers.get(room);
        if (members != null && members.remove(socketId) && members.isEmpty()) {
            roomMembers.remove(room);
            listeners.forEach(l -> l.roomDeleted(room));
        }
    }

    public synchronized Set<String> roomsOf(String socketId) {
        Set<String> rooms = new LinkedHashSet<>();
        roomMembers.forEach((room, members) -> {
            if (members.contains(socketId)) {
                rooms.add(room);
            }
        });
        return rooms;
    }

    /** Server-side events received from other nodes, each as {@code [event, args...]}. */
    public List<List<Object>> serverSideEvents() {
        return serverSideEvents;
    }

    /** Runs for every server-side event; the consumer is the ack (null when none is expected). */
    public void onServerSideEvent(BiConsumer<List<Object>, Consumer<Object>> listener) {
        serverSideListener = listener;
    }

    /** How this node answers server-side events that expect an ack; null = never answers. */
    public void answerServerSideEventsWith(Function<List<Object>, Object> answer) {
        onServerSideEvent(
                answer == null
                        ? null
                        : (eventAndArgs, ack) -> {
                            if (ack != null) {
                                CompletableFuture.runAsync(() -> ack.accept(answer.apply(eventAndArgs)));
                            }
                        });
    }

    /** The client goes away: it leaves every room (room-deleted events included). */
    public void disconnect(FakeSocket socket) {
        disconnect(socket, true);
    }

    private void disconnect(FakeSocket socket, boolean close) {
        synchronized (this) {
            roomsOf(socket.id()).forEach(room -> leave(socket.id(), room));
            sockets.remove(socket.id());
        }
        socket.disconnect(close);
    }

    private synchronized List<FakeSocket> select(BroadcastOptions opts) {
        Set<String> ids = new LinkedHashSet<>();
        if (opts.rooms().isEmpty()) {
            ids.addAll(sockets.keySet());
        } else {
            for (String room : opts.rooms()) {
                ids.addAll(roomMembers.getOrDefault(room, Set.of()));
            }
        }
        for (String room : opts.except()) {
            ids.removeAll(roomMembers.getOrDefault(room, Set.of()));
        }
        List<FakeSocket> selected = new ArrayList<>();
        ids.forEach(id -> selected.add(sockets.get(id)));
        return selected;
    }

    @Override
    public String name() {
        return name;
    }

    /** Runs on the adapter's thread before each broadcast reaches the sockets (a test can hold that thread). */
    public void beforeBroadcast(Consumer<EventPacket> hook) {
        beforeBroadcast = hook;
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        broadcastThreads.add(Thread.currentThread().getName());
        beforeBroadcast.accept(packet);
        select(opts).forEach(socket -> socket.receive(packet.data()));
    }

    /** The names of the threads that delivered broadcasts here. */
    public Set<String> broadcastThreads() {
        return Set.copyOf(broadcastThreads);
    }

    @Override
    public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
        List<FakeSocket> selected = select(opts);
        for (FakeSocket socket : selected) {
            socket.receive(packet.data());
            var answer = socket.ackAnswer();
            if (answer != null) {
                CompletableFuture.runAsync(() -> onClientAck.accept(answer.apply(packet.data())));
            }
        }
        return selected.size();
    }

    @Override
    public void addSocketsToRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (FakeSocket socket : select(opts)) {
            rooms.forEach(room -> join(socket.id(), room));
        }
    }

    @Override
    public void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (FakeSocket socket : select(opts)) {
            rooms.forEach(room -> leave(socket.id(), room));
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (FakeSocket socket : select(opts)) {
            disconnect(socket, close);
        }
    }

    @Override
    public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
        List<SocketDetails> details = new ArrayList<>();
        for (FakeSocket socket : select(opts)) {
            details.add(new SocketDetails(socket.id(), socket.handshake(), roomsOf(socket.id()), socket.data()));
        }
        return details;
    }

    @Override
    public synchronized Set<String> rooms() {
        return new LinkedHashSet<>(roomMembers.keySet());
    }

    @Override
    public synchronized boolean hasRoom(String room) {
        return roomMembers.containsKey(room);
    }

    @Override
    public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        serverSideEvents.add(eventAndArgs);
        var listener = serverSideListener;
        if (listener != null) {
            listener.accept(eventAndArgs, ack);
        }
    }

    @Override
    public void addRoomListener(RoomListener listener) {
        listeners.add(listener);
    }
}
