package org.socketiooperator.protocol.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which sockets an operation targets: the union of {@code rooms} (every socket of the namespace when
 * empty) minus every member of an {@code except} room. Socket ids are rooms too. Room names are
 * strings: a numeric room sent by a Node.js peer ({@code to(123)}) arrives as {@code "123"}.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE);

    public BroadcastOptions {
        rooms = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(rooms, "rooms")));
        except = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(except, "except")));
        flags = flags == null ? BroadcastFlags.NONE : flags;
    }

    public static BroadcastOptions toRooms(Collection<String> rooms) {
        return new BroadcastOptions(Set.copyOf(rooms), Set.of(), BroadcastFlags.NONE);
    }

    public static BroadcastOptions toRoom(String room) {
        return new BroadcastOptions(Set.of(room), Set.of(), BroadcastFlags.NONE);
    }

    public BroadcastOptions withFlags(BroadcastFlags newFlags) {
        return new BroadcastOptions(rooms, except, newFlags);
    }

    public BroadcastOptions withExcept(Collection<String> newExcept) {
        return new BroadcastOptions(rooms, Set.copyOf(newExcept), flags);
    }
}
