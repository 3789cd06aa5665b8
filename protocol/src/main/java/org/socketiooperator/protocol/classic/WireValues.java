package org.socketiooperator.protocol.classic;

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
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * Conversions between the classic adapter's plain wire values and the model records. Every reader
 * throws {@link CodecException} on a wrong shape, so a hostile message never escapes as another
 * exception. Writers use the key orders of the Node output, which makes Java's bytes identical.
 */
final class WireValues {

    private WireValues() {
    }

    static Map<String, Object> asMap(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        throw new CodecException(what + " must be an object, got " + describe(value));
    }

    static List<Object> asList(Object value, String what) {
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> typed = (List<Object>) list;
            return typed;
        }
        throw new CodecException(what + " must be an array, got " + describe(value));
    }

    static String requireString(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value instanceof String s) {
            return s;
        }
        throw new CodecException("field '" + field + "' must be a string, got " + describe(value));
    }

    /** Absent or null gives null; anything but a string is an error. */
    static String optionalString(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw new CodecException("field '" + field + "' must be a string, got " + describe(value));
    }

    static long requireInteger(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        throw new CodecException("field '" + field + "' must be an integer, got " + describe(value));
    }

    /** A room name: strings as they are, JavaScript numbers as their decimal text ({@code 123 -> "123"}). */
    static String room(Object value) {
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

    static List<String> rooms(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        List<Object> list = asList(value, what);
        List<String> rooms = new ArrayList<>(list.size());
        for (Object item : list) {
            rooms.add(room(item));
        }
        return rooms;
    }

    /** Reads {@code {rooms, except, flags}}; missing parts mean "none", unknown flags are ignored. */
    static BroadcastOptions readOpts(Object value) {
        Map<String, Object> map = asMap(value, "opts");
        Set<String> rooms = new LinkedHashSet<>(rooms(map.get("rooms"), "opts.rooms"));
        Set<String> except = new LinkedHashSet<>(rooms(map.get("except"), "opts.except"));
        Object flags = map.get("flags");
        return new BroadcastOptions(rooms, except, flags == null ? BroadcastFlags.NONE : readFlags(flags));
    }

    static BroadcastFlags readFlags(Object value) {
        Map<String, Object> map = asMap(value, "opts.flags");
        Object timeout = map.get("timeout");
        Long timeoutMs = null;
        if (timeout instanceof Number n) {
            timeoutMs = n.longValue();
        } else if (timeout != null) {
            throw new CodecException("flag 'timeout' must be a number, got " + describe(timeout));
        }
        Object compress = map.get("compress");
        return new BroadcastFlags(false, Boolean.TRUE.equals(map.get("volatile")),
                compress instanceof Boolean b ? b : null, timeoutMs,
                Boolean.TRUE.equals(map.get("expectSingleResponse")));
    }

    /**
     * {@code {rooms, except}} plus {@code flags} when asked. Room sets carry no order, so they are
     * written sorted: the output is deterministic.
     */
    static Map<String, Object> writeOpts(BroadcastOptions opts, boolean withFlags) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rooms", sorted(opts.rooms()));
        map.put("except", sorted(opts.except()));
        if (withFlags) {
            map.put("flags", writeFlags(opts.flags()));
        }
        return map;
    }

    /** {@code local} never travels; the other flags in the order socket.io sets them. */
    static Map<String, Object> writeFlags(BroadcastFlags flags) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (flags.expectSingleResponse()) {
            map.put("expectSingleResponse", true);
        }
        if (flags.volatileFlag()) {
            map.put("volatile", true);
        }
        if (flags.compress() != null) {
            map.put("compress", flags.compress());
        }
        if (flags.timeoutMs() != null) {
            map.put("timeout", flags.timeoutMs());
        }
        return map;
    }

    /** Reads {@code {type: 2|5, data, nsp?}}; a missing nsp is {@code /} as in the Node adapter. */
    static EventPacket readPacket(Object value) {
        Map<String, Object> map = asMap(value, "packet");
        long type = requireInteger(map, "type");
        if (type != 2 && type != 5) {
            throw new CodecException("packet type must be 2 (EVENT), got " + type);
        }
        List<Object> data = asList(map.get("data"), "packet.data");
        if (data.isEmpty()) {
            throw new CodecException("packet.data must hold at least the event name");
        }
        String nsp = optionalString(map, "nsp");
        return new EventPacket(nsp == null ? "/" : nsp, data);
    }

    /** Always type 2, even with binary arguments: type 5 breaks Node receivers. */
    static Map<String, Object> writePacket(EventPacket packet) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", 2L);
        map.put("data", packet.data());
        map.put("nsp", packet.nsp());
        return map;
    }

    static SocketDetails readSocket(Object value) {
        Map<String, Object> map = asMap(value, "socket");
        Object handshake = map.get("handshake");
        return new SocketDetails(requireString(map, "id"),
                handshake == null ? Map.of() : asMap(handshake, "socket.handshake"),
                new LinkedHashSet<>(rooms(map.get("rooms"), "socket.rooms")), map.get("data"));
    }

    /** The socket's own id room first, then the others sorted, like a Node socket lists them. */
    static Map<String, Object> writeSocket(SocketDetails socket) {
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

    static List<String> sorted(Collection<String> rooms) {
        return rooms.isEmpty() ? List.of() : List.copyOf(new TreeSet<>(rooms));
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
