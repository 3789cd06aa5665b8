package org.socketiooperator.protocol.sharded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;

/** Conversions between the envelope's {@code data} map and the record fields, in Node's key order. */
final class WireValues {

    private WireValues() {
    }

    /** The {@code data} map of a message, or null for the types that have none (1, 2, 13). */
    static Map<String, Object> data(ClusterMessage message) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (message instanceof Broadcast m) {
            Map<String, Object> packet = new LinkedHashMap<>();
            packet.put("type", 2L);
            packet.put("data", m.packetData());
            data.put("packet", packet);
            putIfPresent(data, "requestId", m.requestId());
            data.put("opts", options(m.opts()));
        } else if (message instanceof SocketsJoin m) {
            data.put("opts", options(m.opts()));
            data.put("rooms", m.rooms());
        } else if (message instanceof SocketsLeave m) {
            data.put("opts", options(m.opts()));
            data.put("rooms", m.rooms());
        } else if (message instanceof DisconnectSockets m) {
            data.put("opts", options(m.opts()));
            data.put("close", m.close());
        } else if (message instanceof FetchSockets m) {
            data.put("opts", options(m.opts()));
            data.put("requestId", m.requestId());
        } else if (message instanceof FetchSocketsResponse m) {
            data.put("requestId", m.requestId());
            data.put("sockets", m.sockets().stream().map(WireValues::socketDetails).toList());
        } else if (message instanceof ServerSideEmit m) {
            putIfPresent(data, "requestId", m.requestId());
            data.put("packet", m.packet());
        } else if (message instanceof ServerSideEmitResponse m) {
            data.put("requestId", m.requestId());
            data.put("packet", m.packet());
        } else if (message instanceof BroadcastClientCount m) {
            data.put("requestId", m.requestId());
            data.put("clientCount", m.clientCount());
        } else if (message instanceof BroadcastAck m) {
            data.put("requestId", m.requestId());
            data.put("packet", m.packet());
        } else {
            return null; // heartbeats and ADAPTER_CLOSE carry no data
        }
        return data;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * {@code {rooms, except, flags}}. The model keeps rooms as sets, so lists are written sorted: the
     * output is then deterministic, and receivers treat them as sets anyway. {@code local} never travels.
     */
    static Map<String, Object> options(BroadcastOptions opts) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rooms", opts.rooms().stream().sorted().toList());
        map.put("except", opts.except().stream().sorted().toList());
        Map<String, Object> flags = new LinkedHashMap<>();
        BroadcastFlags f = opts.flags();
        if (f.volatileFlag()) {
            flags.put("volatile", true);
        }
        if (f.compress() != null) {
            flags.put("compress", f.compress());
        }
        if (f.expectSingleResponse()) {
            flags.put("expectSingleResponse", true);
        }
        if (f.timeoutMs() != null) {
            flags.put("timeout", f.timeoutMs());
        }
        map.put("flags", flags);
        return map;
    }

    /** Missing {@code except} and {@code flags} are tolerated, as the emitter omits some; unknown flags are ignored. */
    static BroadcastOptions options(Object value) {
        Map<?, ?> map = requireMap(value, "opts");
        Set<String> rooms = new LinkedHashSet<>(roomList(map.get("rooms"), "opts.rooms"));
        Set<String> except = map.get("except") == null ? Set.of()
                : new LinkedHashSet<>(roomList(map.get("except"), "opts.except"));
        BroadcastFlags flags = BroadcastFlags.NONE;
        if (map.get("flags") instanceof Map<?, ?> f) {
            flags = flags.withVolatile(Boolean.TRUE.equals(f.get("volatile")))
                    .withCompress(f.get("compress") instanceof Boolean b ? b : null)
                    .withExpectSingleResponse(Boolean.TRUE.equals(f.get("expectSingleResponse")))
                    .withTimeoutMs(f.get("timeout") instanceof Number n ? n.longValue() : null);
        } else if (map.get("flags") != null) {
            throw new CodecException("opts.flags must be a map");
        }
        return new BroadcastOptions(rooms, except, flags);
    }

    /** Room names; numbers (Node's {@code to(123)}) become their decimal string. */
    static List<String> roomList(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new CodecException(field + " must be a list");
        }
        List<String> rooms = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String s) {
                rooms.add(s);
            } else if (item instanceof Long || item instanceof Double) {
                rooms.add(item instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
                        : item.toString());
            } else {
                throw new CodecException(field + " holds a " + (item == null ? "null" : item.getClass().getSimpleName())
                        + ", not a room name");
            }
        }
        return rooms;
    }

    /** {@code {id, handshake, rooms, data}}; the socket's own room first, then the others sorted. */
    static Map<String, Object> socketDetails(SocketDetails details) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", details.id());
        map.put("handshake", details.handshake());
        List<String> rooms = new ArrayList<>(details.rooms());
        rooms.sort(Comparator.comparing((String room) -> !room.equals(details.id()))
                .thenComparing(Comparator.naturalOrder()));
        map.put("rooms", rooms);
        map.put("data", details.data());
        return map;
    }

    static List<SocketDetails> socketDetailsList(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new CodecException("sockets must be a list");
        }
        List<SocketDetails> out = new ArrayList<>(list.size());
        for (Object item : list) {
            Map<?, ?> map = requireMap(item, "socket");
            Map<String, Object> handshake = new LinkedHashMap<>();
            if (map.get("handshake") != null) {
                requireMap(map.get("handshake"), "handshake").forEach((k, v) -> handshake.put(String.valueOf(k), v));
            }
            out.add(new SocketDetails(requireString(map.get("id"), "socket.id"), handshake,
                    new LinkedHashSet<>(roomList(map.get("rooms"), "socket.rooms")), map.get("data")));
        }
        return out;
    }

    static Map<?, ?> requireMap(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new CodecException(field + " must be a map");
    }

    static String requireString(Object value, String field) {
        if (value instanceof String s) {
            return s;
        }
        throw new CodecException(field + " must be a string");
    }

    static long requireLong(Object value, String field) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        throw new CodecException(field + " must be an integer");
    }

    static int requireInt(Object value, String field) {
        long l = requireLong(value, field);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new CodecException(field + " out of range");
        }
        return (int) l;
    }
}
