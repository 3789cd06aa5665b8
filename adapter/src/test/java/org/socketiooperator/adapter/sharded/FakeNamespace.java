package org.socketiooperator.adapter.sharded;

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
import java.util.function.Consumer;
import java.util.function.Function;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * A namespace of one test node with fake sockets that record what reaches them. Room bookkeeping and
 * the selection rule follow socket.io's in-memory adapter, including the room lifecycle events.
 */
final class FakeNamespace implements LocalNamespace {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One connected client as the server sees it. */
    static final class FakeSocket {
        final String id;
        final Map<String, Object> handshake = new LinkedHashMap<>();
        final List<List<Object>> received = new CopyOnWriteArrayList<>();
        volatile Object data;
        /** What this client answers to an acknowledged event; null = never answers. */
        volatile Function<List<Object>, Object> ackAnswer;
        volatile boolean disconnected;

        FakeSocket(String id) {
            this.id = id;
        }

        long count(String event) {
            return received.stream().filter(e -> e.get(0).equals(event)).count();
        }
    }

    private final String name;
    private final Map<String, FakeSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();
    final List<List<Object>> serverSideEvents = new CopyOnWriteArrayList<>();
    /** How this node answers server-side events with an ack; null = never answers. */
    volatile Function<List<Object>, Object> serverSideAnswer;

    FakeNamespace(String name) {
        this.name = name;
    }

    static String socketId() {
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    synchronized FakeSocket connect() {
        FakeSocket socket = new FakeSocket(socketId());
        socket.handshake.put("address", "127.0.0.1");
        socket.handshake.put("query", Map.of("EIO", "4"));
        sockets.put(socket.id, socket);
        join(socket.id, socket.id);
        return socket;
    }

    synchronized void join(String sid, String room) {
        Set<String> members = rooms.get(room);
        boolean created = members == null;
        if (created) {
            members = ConcurrentHashMap.newKeySet();
            rooms.put(room, members);
        }
        members.add(sid);
        if (created) {
            boolean socketIdRoom = sockets.containsKey(room);
            listeners.forEach(l -> l.roomCreated(room, socketIdRoom));
        }
    }

    synchronized void leave(String sid, String room) {
        Set<String> members = rooms.get(room);
        if (members != null && members.remove(sid) && members.isEmpty()) {
            rooms.remove(room);
            listeners.forEach(l -> l.roomDeleted(room));
        }
    }

    synchronized void disconnect(FakeSocket socket) {
        for (String room : roomsOf(socket.id)) {
            leave(socket.id, room);
        }
        sockets.remove(socket.id);
        socket.disconnected = true;
    }

    Set<String> roomsOf(String sid) {
        Set<String> result = new LinkedHashSet<>();
        rooms.forEach((room, members) -> {
            if (members.contains(sid)) {
                result.add(room);
            }
        });
        return result;
    }

    private synchronized List<FakeSocket> select(BroadcastOptions opts) {
        Set<String> ids = new LinkedHashSet<>();
        if (opts.rooms().isEmpty()) {
            ids.addAll(sockets.keySet());
        } else {
            opts.rooms().forEach(room -> ids.addAll(rooms.getOrDefault(room, Set.of())));
        }
        opts.except().forEach(room -> ids.removeAll(rooms.getOrDefault(room, Set.of())));
        List<FakeSocket> selected = new ArrayList<>();
        ids.forEach(id -> {
            FakeSocket socket = sockets.get(id);
            if (socket != null) {
                selected.add(socket);
            }
        });
        return selected;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        select(opts).forEach(s -> s.received.add(packet.data()));
    }

    @Override
    public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
        List<FakeSocket> selected = select(opts);
        for (FakeSocket socket : selected) {
            socket.received.add(packet.data());
            Function<List<Object>, Object> answer = socket.ackAnswer;
            if (answer != null) {
                // a client answers over the network, i.e. later and on another thread
                CompletableFuture.runAsync(() -> onClientAck.accept(answer.apply(packet.data())));
            }
        }
        return selected.size();
    }

    @Override
    public synchronized void addSocketsToRooms(BroadcastOptions opts, Collection<String> newRooms) {
        select(opts).forEach(s -> newRooms.forEach(room -> join(s.id, room)));
    }

    @Override
    public synchronized void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> oldRooms) {
        select(opts).forEach(s -> oldRooms.forEach(room -> leave(s.id, room)));
    }

    @Override
    public synchronized void disconnectSockets(BroadcastOptions opts, boolean close) {
        select(opts).forEach(this::disconnect);
    }

    @Override
    public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
        return select(opts).stream()
                .map(s -> new SocketDetails(s.id, s.handshake, roomsOf(s.id), s.data))
                .toList();
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    @Override
    public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        serverSideEvents.add(eventAndArgs);
        Function<List<Object>, Object> answer = serverSideAnswer;
        if (ack != null && answer != null) {
            CompletableFuture.runAsync(() -> ack.accept(answer.apply(eventAndArgs)));
        }
    }

    @Override
    public void addRoomListener(RoomListener listener) {
        listeners.add(listener);
    }
}
