package org.socketiooperator.protocol.wire;

import static org.socketiooperator.protocol.wire.WireFields.describe;
import static org.socketiooperator.protocol.wire.WireFields.list;
import static org.socketiooperator.protocol.wire.WireFields.map;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * The value shapes both adapter formats share: room names, broadcast options and socket details.
 * Readers are lenient where Node senders differ (missing {@code except}/{@code flags}, unknown flags);
 * writers use Node's key orders. Only the order of flags differs between the formats, so each writes
 * its own flags.
 */
public final class WireShapes {

    private WireShapes() {}

    /** A room name: strings as they are, JavaScript numbers as their decimal text ({@code 123 -> "123"}). */
    public static String room(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Long l) {
            return Long.toString(l);
        }
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? Long.toString(d.longValue()) : d.toString();
        }
        throw new CodecException("a room must be a string or a number, got " + describe(value));
    }

    /** A list of room names; absent means none. */
    public static List<String> rooms(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        List<Object> items = list(value, what);
        List<String> rooms = new ArrayList<>(items.size());
        for (Object item : items) {
            rooms.add(room(item));
        }
        return rooms;
    }

    /** Room sets carry no order: written sorted, the output is deterministic. */
    public static List<String> sorted(Collection<String> rooms) {
        return rooms.isEmpty() ? List.of() : List.copyOf(new TreeSet<>(rooms));
    }

    /** Reads {@code {rooms, except, flags}}; missing parts mean "none", unknown flags are ignored. */
    public static BroadcastOptions readOptions(Object value) {
        Map<String, Object> map = map(value, "opts");
        Set<String> rooms = new LinkedHashSet<>(rooms(map.get("rooms"), "opts.rooms"));
        Set<String> except = new LinkedHashSet<>(rooms(map.get("except"), "opts.except"));
        Object flags = map.get("flags");
        return new BroadcastOptions(rooms, except, flags == null ? BroadcastFlags.NONE : readFlags(flags));
    }

    private static BroadcastFlags readFlags(Object value) {
        Map<String, Object> map = map(value, "opts.flags");
        Object timeout = map.get("timeout");
        Long timeoutMs = null;
        if (timeout instanceof Number n) {
            timeoutMs = n.longValue();
        } else if (timeout != null) {
            throw new CodecException("flag 'timeout' must be a number, got " + describe(timeout));
        }
        Object compress = map.get("compress");
        return new BroadcastFlags(
                false,
                Boolean.TRUE.equals(map.get("volatile")),
                compress instanceof Boolean b ? b : null,
                timeoutMs,
                Boolean.TRUE.equals(map.get("expectSingleResponse")));
    }

    public static SocketDetails readSocket(Object value) {
        Map<String, Object> map = map(value, "socket");
        Object handshake = map.get("handshake");
        return new SocketDetails(
                WireFields.string(map.get("id"), "socket.id"),
                handshake == null ? Map.of() : map(handshake, "socket.handshake"),
                new LinkedHashSet<>(rooms(map.get("rooms"), "socket.rooms")),
                map.get("data"));
    }

    public static List<SocketDetails> readSockets(Object value) {
        List<Object> items = list(value, "sockets");
        List<SocketDetails> sockets = new ArrayList<>(items.size());
        for (Object item : items) {
            sockets.add(readSocket(item));
        }
        return sockets;
    }

    /** {@code {id, handshake, rooms, data}}: the socket's own id room first, then the others sorted, as Node lists them. */
    public static Map<String, Object> writeSocket(SocketDetails socket) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", socket.id());
        map.put("handshake", socket.handshake());
        List<String> rooms = new ArrayList<>(socket.rooms().size());
        if (socket.rooms().contains(socket.id())) {
            rooms.add(socket.id());
        }
        for (String room : sorted(socket.rooms())) {
            if (!room.equals(socket.id())) {
                rooms.add(room);
            }
        }
        map.put("rooms", rooms);
        map.put("data", socket.data());
        return map;
    }
}
