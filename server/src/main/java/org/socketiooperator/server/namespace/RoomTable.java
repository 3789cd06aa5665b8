package org.socketiooperator.server.namespace;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.socketiooperator.adapter.LocalNamespace.RoomListener;

/**
 * The rooms of one namespace on this node, indexed both ways (room to socket ids, socket id to rooms).
 * Short synchronised sections: adapters and event loops both touch it. Listeners hear a room appear
 * with its first member and disappear with its last.
 */
final class RoomTable {

    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Set<String>> roomsOf = new HashMap<>();
    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();

    void addListener(RoomListener listener) {
        listeners.add(listener);
    }

    synchronized void join(String sid, Collection<String> rooms) {
        Set<String> own = roomsOf.computeIfAbsent(sid, k -> new HashSet<>());
        for (String room : rooms) {
            if (!own.add(room)) {
                continue;
            }
            Set<String> set = members.get(room);
            if (set == null) {
                set = new HashSet<>();
                members.put(room, set);
                set.add(sid);
                for (RoomListener l : listeners) {
                    l.roomCreated(room, room.equals(sid));
                }
            } else {
                set.add(sid);
            }
        }
    }

    synchronized void leave(String sid, String room) {
        Set<String> own = roomsOf.get(sid);
        if (own == null || !own.remove(room)) {
            return;
        }
        removeMember(room, sid);
    }

    synchronized void leaveAll(String sid) {
        Set<String> own = roomsOf.remove(sid);
        if (own != null) {
            for (String room : own) {
                removeMember(room, sid);
            }
        }
    }

    private void removeMember(String room, String sid) {
        Set<String> set = members.get(room);
        if (set != null && set.remove(sid) && set.isEmpty()) {
            members.remove(room);
            for (RoomListener l : listeners) {
                l.roomDeleted(room);
            }
        }
    }

    synchronized Set<String> roomsOf(String sid) {
        Set<String> own = roomsOf.get(sid);
        return own == null ? Set.of() : Set.copyOf(own);
    }

    synchronized Set<String> rooms() {
        return Set.copyOf(members.keySet());
    }

    synchronized boolean has(String room) {
        return members.containsKey(room);
    }

    /** Rooms that are not a socket's private id room. */
    synchronized long namedRoomCount() {
        return members.keySet().stream().filter(room -> !roomsOf.containsKey(room)).count();
    }

    /** Socket ids in any of {@code rooms} (every id in {@code all} when empty) and in none of {@code except}. */
    synchronized Set<String> select(Set<String> rooms, Set<String> except, Collection<String> all) {
        Set<String> out = new LinkedHashSet<>();
        if (rooms.isEmpty()) {
            out.addAll(all);
        } else {
            for (String room : rooms) {
                Set<String> set = members.get(room);
                if (set != null) {
                    out.addAll(set);
                }
            }
        }
        for (String room : except) {
            Set<String> set = members.get(room);
            if (set != null) {
                out.removeAll(set);
            }
        }
        return out;
    }
}
