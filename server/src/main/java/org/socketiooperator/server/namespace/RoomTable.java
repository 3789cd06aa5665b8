package org.socketiooperator.server.namespace;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.LocalNamespace.RoomListener;

/**
 * The rooms of one namespace on this node, indexed both ways (room to socket ids, socket id to rooms).
 * Short synchronised sections: adapters and event loops both touch it. A socket id is in the table from
 * its first {@link #join} (its own room, when it connects) until {@link #leaveAll}; {@link #joinIfPresent}
 * never brings it back.
 *
 * <p>Listeners hear a room appear with its first member and disappear with its last. They are called
 * outside the lock (a slow or re-entrant listener holds up no other thread), one call at a time and in
 * the order the table changed, so a room is never told deleted before created nor created twice in a row.
 * A thread that finds another one telling the listeners leaves its own events to that thread: they may
 * be told after its call returned.
 */
final class RoomTable {

    private static final Logger LOG = LoggerFactory.getLogger(RoomTable.class);

    private record Change(String room, boolean created, boolean socketIdRoom) {}

    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Set<String>> roomsOf = new HashMap<>();
    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();
    /** Room changes not told yet, in table order; guarded by {@code this}. */
    private final ArrayDeque<Change> untold = new ArrayDeque<>();
    /** Whether some thread is telling the listeners; guarded by {@code this}. */
    private boolean telling;

    void addListener(RoomListener listener) {
        listeners.add(listener);
    }

    /** Adds {@code sid} to the table if needed and to {@code rooms}. */
    void join(String sid, Collection<String> rooms) {
        synchronized (this) {
            addTo(roomsOf.computeIfAbsent(sid, k -> new HashSet<>()), sid, rooms);
        }
        tellListeners();
    }

    /**
     * Joins {@code rooms} only while {@code sid} is in the table: a socket that left for good (its id
     * removed by {@link #leaveAll}) stays out, whichever thread asks and however late.
     */
    boolean joinIfPresent(String sid, Collection<String> rooms) {
        synchronized (this) {
            Set<String> own = roomsOf.get(sid);
            if (own == null) {
                return false;
            }
            addTo(own, sid, rooms);
        }
        tellListeners();
        return true;
    }

    private void addTo(Set<String> own, String sid, Collection<String> rooms) {
        for (String room : rooms) {
            if (!own.add(room)) {
                continue;
            }
            Set<String> set = members.get(room);
            if (set == null) {
                set = new HashSet<>();
                members.put(room, set);
                untold.add(new Change(room, true, room.equals(sid)));
            }
            set.add(sid);
        }
    }

    void leave(String sid, String room) {
        synchronized (this) {
            Set<String> own = roomsOf.get(sid);
            if (own == null || !own.remove(room)) {
                return;
            }
            removeMember(room, sid);
        }
        tellListeners();
    }

    void leaveAll(String sid) {
        synchronized (this) {
            Set<String> own = roomsOf.remove(sid);
            if (own == null) {
                return;
            }
            for (String room : own) {
                removeMember(room, sid);
            }
        }
        tellListeners();
    }

    private void removeMember(String room, String sid) {
        Set<String> set = members.get(room);
        if (set != null && set.remove(sid) && set.isEmpty()) {
            members.remove(room);
            untold.add(new Change(room, false, false));
        }
    }

    /** Tells the listeners every untold change, unless another thread is already doing so. */
    private void tellListeners() {
        synchronized (this) {
            if (telling || untold.isEmpty()) {
                return;
            }
            telling = true;
        }
        Change next = null;
        try {
            while ((next = nextUntold()) != null) {
                tell(next);
            }
        } finally {
            if (next != null) {
                // an Error escaped a listener: let the next caller carry on with what is left
                synchronized (this) {
                    telling = false;
                }
            }
        }
    }

    /** The next change to tell, or null after giving up the telling role (atomically, so no change is stranded). */
    private synchronized Change nextUntold() {
        Change next = untold.poll();
        if (next == null) {
            telling = false;
        }
        return next;
    }

    private void tell(Change change) {
        for (RoomListener listener : listeners) {
            try {
                if (change.created()) {
                    listener.roomCreated(change.room(), change.socketIdRoom());
                } else {
                    listener.roomDeleted(change.room());
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "room listener failed on {} {}",
                        change.created() ? "creation of" : "deletion of",
                        change.room(),
                        e);
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
        return members.keySet().stream()
                .filter(room -> !roomsOf.containsKey(room))
                .count();
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
