package org.socketiooperator.protocol.sharded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socketiooperator.protocol.codec.BinaryValues;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.sharded.ClusterMessage.AdapterClose;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.Heartbeat;
import org.socketiooperator.protocol.sharded.ClusterMessage.InitialHeartbeat;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;
import org.socketiooperator.protocol.wire.WireFields;
import org.socketiooperator.protocol.wire.WireShapes;

/**
 * Bytes of a {@link ClusterMessage} exactly as the sharded Node.js adapter writes them: JSON, except
 * MessagePack when a type that may carry user values (3, 8, 9, 10, 12) holds binary. Maps are written in
 * Node's key order so that Java output is byte-identical to a Node peer's.
 */
public final class ClusterMessageCodec {

    private static final Set<Integer> MAY_CARRY_BINARY = Set.of(3, 8, 9, 10, 12);

    private ClusterMessageCodec() {}

    public static byte[] encode(ClusterMessage message) {
        Map<String, Object> data = WireValues.data(message);
        boolean binary = mayCarryBinary(message.type()) && BinaryValues.containsBinary(data);
        return encode(message, binary ? PayloadFormat.MSGPACK : PayloadFormat.JSON);
    }

    /** The envelope {@code {type, data, uid, nsp}} in the given format, whatever it holds. */
    public static byte[] encode(ClusterMessage message, PayloadFormat format) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", (long) message.type());
        Map<String, Object> data = WireValues.data(message);
        if (data != null) {
            envelope.put("data", data);
        }
        envelope.put("uid", message.uid());
        if (message.nsp() != null) {
            envelope.put("nsp", message.nsp());
        }
        return format.encode(envelope);
    }

    /** The types whose {@code data} may hold user values, hence binary: 3, 8, 9, 10 and 12. */
    public static boolean mayCarryBinary(int type) {
        return MAY_CARRY_BINARY.contains(type);
    }

    /** The envelope's {@code data} map of a message, in Node's key order; null for types 1, 2 and 13. */
    public static Map<String, Object> data(ClusterMessage message) {
        return WireValues.data(message);
    }

    /** A message from its envelope's parts, {@code data} already decoded; a {@link CodecException} when malformed. */
    public static ClusterMessage fromParts(int type, String uid, String nsp, Object data) {
        try {
            return switch (type) {
                case 1 -> new InitialHeartbeat(uid, nsp);
                case 2 -> new Heartbeat(uid, nsp);
                case 13 -> new AdapterClose(uid, nsp);
                default -> fromData(type, uid, nsp, WireFields.map(data, "data"));
            };
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new CodecException("malformed cluster message: " + e.getMessage(), e);
        }
    }

    /** Decodes either format; anything that is not a well-formed envelope is a {@link CodecException}. */
    public static ClusterMessage decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new CodecException("empty cluster message");
        }
        if (!(PayloadFormat.decodeSniffed(payload) instanceof Map<?, ?> envelope)) {
            throw new CodecException("a cluster message must be a map");
        }
        try {
            return fromEnvelope(envelope);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new CodecException("malformed cluster message: " + e.getMessage(), e);
        }
    }

    private static ClusterMessage fromEnvelope(Map<?, ?> envelope) {
        int type = WireFields.smallInteger(envelope.get("type"), "type");
        String uid = WireFields.string(envelope.get("uid"), "uid");
        Object nspValue = envelope.get("nsp");
        String nsp = nspValue == null ? null : WireFields.string(nspValue, "nsp");
        return switch (type) {
            case 1 -> new InitialHeartbeat(uid, nsp);
            case 2 -> new Heartbeat(uid, nsp);
            case 13 -> new AdapterClose(uid, nsp);
            default -> fromData(type, uid, nsp, WireFields.map(envelope.get("data"), "data"));
        };
    }

    private static ClusterMessage fromData(int type, String uid, String nsp, Map<?, ?> data) {
        String requestId = data.get("requestId") == null ? null : WireFields.string(data.get("requestId"), "requestId");
        return switch (type) {
            case 3 ->
                new Broadcast(
                        uid, nsp, packetData(data.get("packet")), WireShapes.readOptions(data.get("opts")), requestId);
            case 4 ->
                new SocketsJoin(
                        uid,
                        nsp,
                        WireShapes.readOptions(data.get("opts")),
                        WireShapes.rooms(data.get("rooms"), "rooms"));
            case 5 ->
                new SocketsLeave(
                        uid,
                        nsp,
                        WireShapes.readOptions(data.get("opts")),
                        WireShapes.rooms(data.get("rooms"), "rooms"));
            case 6 ->
                new DisconnectSockets(
                        uid, nsp, WireShapes.readOptions(data.get("opts")), Boolean.TRUE.equals(data.get("close")));
            case 7 -> new FetchSockets(uid, nsp, WireShapes.readOptions(data.get("opts")), required(requestId));
            case 8 ->
                new FetchSocketsResponse(uid, nsp, required(requestId), WireShapes.readSockets(data.get("sockets")));
            case 9 -> new ServerSideEmit(uid, nsp, eventList(data.get("packet")), requestId);
            case 10 -> new ServerSideEmitResponse(uid, nsp, required(requestId), data.get("packet"));
            case 11 ->
                new BroadcastClientCount(
                        uid, nsp, required(requestId), WireFields.integer(data.get("clientCount"), "clientCount"));
            case 12 -> new BroadcastAck(uid, nsp, required(requestId), data.get("packet"));
            default -> throw new CodecException("unknown cluster message type " + type);
        };
    }

    private static String required(String requestId) {
        if (requestId == null) {
            throw new CodecException("missing requestId");
        }
        return requestId;
    }

    /** The Socket.IO packet {type, data}; type 5 (binary event) is accepted defensively. */
    private static List<Object> packetData(Object packet) {
        Map<?, ?> map = WireFields.map(packet, "packet");
        long packetType = WireFields.integer(map.get("type"), "packet.type");
        if (!PacketType.isEvent(packetType)) {
            throw new CodecException("packet type " + packetType + " is not an event");
        }
        return eventList(map.get("data"));
    }

    private static List<Object> eventList(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new CodecException("an event needs a non-empty [event, args...] list");
        }
        return new ArrayList<>(list);
    }
}
