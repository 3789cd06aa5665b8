package org.socketiooperator.emitter.javanode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * A namespace of a Java node with in-memory sockets that record what they receive: enough of a node to
 * watch what the project's adapters do with the emitter's messages.
 */
final class RecordingNamespace implements LocalNamespace {

    /** One delivered event: the socket and the packet data {@code [event, args...]}. */
    record Delivery(String socket, List<Object> data) {}

    private final String name;
    private final Map<String, Set<String>> socketRooms = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<List<Object>> serverSideEmits = new CopyOnWriteArrayList<>();
    private final Set<String> disconnected = new LinkedHashSet<>();
    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();

    RecordingNamespace(String name) {
        this.name = name;
    }

    /** Adds a socket (its id is a room too, as in Socket.IO). */
    synchronized void connect(String sid) {
        socketRooms.put(sid, new LinkedHashSet<>());
        join(sid, sid);
    }

    synchronized void join(String sid, String room) {
        boolean created = !hasRoom(room);
        socketRooms.get(sid).add(room);
        if (created) {
            listeners.forEach(l -> l.roomCreated(room, socketRooms.containsKey(room)));
        }
    }

    private synchronized void leave(String sid, String room) {
        if (socketRooms.get(sid).remove(room) && !hasRoom(room)) {
            listeners.forEach(l -> l.roomDeleted(room));
        }
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<List<Object>> serverSideEmits() {
        return List.copyOf(serverSideEmits);
    }

    synchronized Set<String> disconnected() {
        return Set.copyOf(disconnected);
    }

    synchronized Set<String> roomsOf(String sid) {
        Set<String> rooms = socketRooms.get(sid);
        return rooms == null ? null : Set.copyOf(rooms);
    }

    private synchronized List<String> select(BroadcastOptions opts) {
        Set<String> excluded = new LinkedHashSet<>();
        for (String room : opts.except()) {
            excluded.addAll(members(room));
        }
        Set<String> selected = new LinkedHashSet<>();
        if (opts.rooms().isEmpty()) {
            selected.addAll(socketRooms.keySet());
        } else {
            for (String room : opts.rooms()) {
                selected.addAll(members(room));
            }
        }
        selected.removeAll(excluded);
        return new ArrayList<>(selected);
    }

    private List<String> members(String room) {
        return socketRooms.entrySet().stream()
                .filter(e -> e.getValue().contains(room))
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        for (String sid : select(opts)) {
            deliveries.add(new Delivery(sid, packet.data()));
        }
    }

    @Override
    public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
        throw new UnsupportedOperationException("the emitter never asks for acknowledgements");
    }

    @Override
    public synchronized void addSocketsToRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (String sid : select(opts)) {
            rooms.forEach(room -> join(sid, room));
        }
    }

    @Override
    public synchronized void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> rooms) {
        for (String sid : select(opts)) {
            rooms.forEach(room -> leave(sid, room));
        }
    }

    @Override
    public synchronized void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (String sid : select(opts)) {
            for (String room : List.copyOf(socketRooms.get(sid))) {
                leave(sid, room);
            }
            socketRooms.remove(sid);
            disconnected.add(sid);
        }
    }

    @Override
    public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
        return select(opts).stream()
                .map(sid -> new SocketDetails(sid, Map.of(), roomsOf(sid), null))
                .toList();
    }

    @Override
    public synchronized Set<String> rooms() {
        return socketRooms.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    }

    @Override
    public synchronized boolean hasRoom(String room) {
        return socketRooms.values().stream().anyMatch(rooms -> rooms.contains(room));
    }

    @Override
    public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        serverSideEmits.add(eventAndArgs);
    }

    @Override
    public void addRoomListener(RoomListener listener) {
        listeners.add(listener);
    }
}
