package org.socketiooperator.protocol.classic;

import static org.socketiooperator.protocol.classic.WireValues.readPacket;
import static org.socketiooperator.protocol.classic.WireValues.writeOpts;
import static org.socketiooperator.protocol.classic.WireValues.writePacket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.wire.WireFields;
import org.socketiooperator.protocol.wire.WireShapes;

/**
 * Encodes and decodes every classic adapter message. {@code parser} is the adapter's {@code parser}
 * option: it encodes broadcasts, type 7 requests and type 9 responses; every other request and
 * response is JSON whatever the parser, as in the official adapter. Decoding throws only
 * {@link CodecException}.
 */
public final class ClassicCodec {

    private final PayloadFormat parser;

    public ClassicCodec(PayloadFormat parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public PayloadFormat parser() {
        return parser;
    }

    public byte[] encodeBroadcast(ClassicBroadcast message) {
        List<Object> array = new ArrayList<>(3);
        array.add(message.uid());
        array.add(writePacket(message.packet()));
        array.add(writeOpts(message.opts(), true));
        return parser.encode(array);
    }

    /** The broadcast channel is never sniffed: only the parser's own format is accepted there. */
    public ClassicBroadcast decodeBroadcast(byte[] payload) {
        return guarded(() -> {
            List<Object> array = WireFields.list(parser.decode(payload), "broadcast message");
            if (array.size() < 3) {
                throw new CodecException(
                        "broadcast message must be [uid, packet, opts], got " + array.size() + " elements");
            }
            if (!(array.get(0) instanceof String uid)) {
                throw new CodecException("broadcast uid must be a string");
            }
            return new ClassicBroadcast(uid, readPacket(array.get(1)), WireShapes.readOptions(array.get(2)));
        });
    }

    public byte[] encodeRequest(ClassicRequest request) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (request.uid() != null) {
            map.put("uid", request.uid());
        }
        if (request instanceof ClassicRequest.SocketIds r) {
            map.put("requestId", r.requestId());
            map.put("type", (long) r.type());
            map.put("rooms", r.rooms());
        } else if (request instanceof ClassicRequest.AllRooms r) {
            map.put("requestId", r.requestId());
            map.put("type", (long) r.type());
        } else if (request instanceof ClassicRequest.Join r) {
            map.put("type", (long) r.type());
            map.put("opts", writeOpts(r.opts(), false));
            map.put("rooms", r.rooms());
        } else if (request instanceof ClassicRequest.Leave r) {
            map.put("type", (long) r.type());
            map.put("opts", writeOpts(r.opts(), false));
            map.put("rooms", r.rooms());
        } else if (request instanceof ClassicRequest.Disconnect r) {
            map.put("type", (long) r.type());
            map.put("opts", writeOpts(r.opts(), false));
            map.put("close", r.close());
        } else if (request instanceof ClassicRequest.FetchSockets r) {
            map.put("requestId", r.requestId());
            map.put("type", (long) r.type());
            map.put("opts", writeOpts(r.opts(), false));
        } else if (request instanceof ClassicRequest.ServerSideEmit r) {
            if (r.requestId() != null) {
                map.put("requestId", r.requestId());
            }
            map.put("type", (long) r.type());
            map.put("data", r.data());
        } else if (request instanceof ClassicRequest.BroadcastWithAck r) {
            map.put("requestId", r.requestId());
            map.put("type", (long) r.type());
            map.put("packet", writePacket(r.packet()));
            map.put("opts", writeOpts(r.opts(), true));
            return parser.encode(map);
        }
        return JsonCodec.encode(map);
    }

    /** Request payloads are sniffed: JSON or MessagePack, whatever the parser. */
    public ClassicRequest decodeRequest(byte[] payload) {
        return guarded(() -> {
            Map<String, Object> map = WireFields.map(PayloadFormat.decodeSniffed(payload), "request");
            String uid = WireFields.optionalString(map.get("uid"), "uid");
            long type = WireFields.integer(map.get("type"), "type");
            return switch (typeCode(type)) {
                case ClassicRequest.SOCKETS ->
                    new ClassicRequest.SocketIds(
                            uid,
                            WireFields.string(map.get("requestId"), "requestId"),
                            WireShapes.rooms(map.get("rooms"), "rooms"));
                case ClassicRequest.ALL_ROOMS ->
                    new ClassicRequest.AllRooms(uid, WireFields.string(map.get("requestId"), "requestId"));
                case ClassicRequest.REMOTE_JOIN ->
                    new ClassicRequest.Join(uid, requireOpts(map), WireShapes.rooms(map.get("rooms"), "rooms"));
                case ClassicRequest.REMOTE_LEAVE ->
                    new ClassicRequest.Leave(uid, requireOpts(map), WireShapes.rooms(map.get("rooms"), "rooms"));
                case ClassicRequest.REMOTE_DISCONNECT ->
                    new ClassicRequest.Disconnect(uid, requireOpts(map), Boolean.TRUE.equals(map.get("close")));
                case ClassicRequest.REMOTE_FETCH ->
                    new ClassicRequest.FetchSockets(
                            uid, WireFields.string(map.get("requestId"), "requestId"), requireOpts(map));
                case ClassicRequest.SERVER_SIDE_EMIT -> {
                    List<Object> data = WireFields.list(map.get("data"), "data");
                    if (data.isEmpty()) {
                        throw new CodecException("server-side emit data must hold at least the event name");
                    }
                    yield new ClassicRequest.ServerSideEmit(
                            uid, WireFields.optionalString(map.get("requestId"), "requestId"), data);
                }
                case ClassicRequest.BROADCAST ->
                    new ClassicRequest.BroadcastWithAck(
                            uid,
                            WireFields.string(map.get("requestId"), "requestId"),
                            readPacket(map.get("packet")),
                            requireOpts(map));
                default -> throw new CodecException("unknown request type " + type);
            };
        });
    }

    public byte[] encodeResponse(ClassicResponse response) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (response instanceof ClassicResponse.SocketIds r) {
            map.put("requestId", r.requestId());
            map.put("sockets", r.sockets());
        } else if (response instanceof ClassicResponse.AllRooms r) {
            map.put("requestId", r.requestId());
            map.put("rooms", r.rooms());
        } else if (response instanceof ClassicResponse.FetchSockets r) {
            map.put("requestId", r.requestId());
            List<Object> sockets = new ArrayList<>(r.sockets().size());
            for (SocketDetails socket : r.sockets()) {
                sockets.add(WireShapes.writeSocket(socket));
            }
            map.put("sockets", sockets);
        } else if (response instanceof ClassicResponse.ServerSideEmitAck r) {
            map.put("type", (long) ClassicResponse.SERVER_SIDE_EMIT);
            map.put("requestId", r.requestId());
            map.put("data", r.data());
        } else if (response instanceof ClassicResponse.BroadcastClientCount r) {
            map.put("type", (long) ClassicResponse.BROADCAST_CLIENT_COUNT);
            map.put("requestId", r.requestId());
            map.put("clientCount", r.clientCount());
        } else if (response instanceof ClassicResponse.BroadcastAck r) {
            map.put("type", (long) ClassicResponse.BROADCAST_ACK);
            map.put("requestId", r.requestId());
            map.put("packet", r.packet());
            return parser.encode(map);
        }
        return JsonCodec.encode(map);
    }

    /**
     * Responses are sniffed. Untyped ones are told apart by their fields: {@code rooms} answers type 1,
     * {@code sockets} of ids answers type 0, {@code sockets} of objects (or empty) answers type 5.
     */
    public ClassicResponse decodeResponse(byte[] payload) {
        return guarded(() -> {
            Map<String, Object> map = WireFields.map(PayloadFormat.decodeSniffed(payload), "response");
            String requestId = WireFields.string(map.get("requestId"), "requestId");
            Object type = map.get("type");
            if (type != null) {
                long code = WireFields.integer(map.get("type"), "type");
                return switch (typeCode(code)) {
                    case ClassicResponse.SERVER_SIDE_EMIT ->
                        new ClassicResponse.ServerSideEmitAck(requestId, map.get("data"));
                    case ClassicResponse.BROADCAST_CLIENT_COUNT ->
                        new ClassicResponse.BroadcastClientCount(
                                requestId, WireFields.integer(map.get("clientCount"), "clientCount"));
                    case ClassicResponse.BROADCAST_ACK ->
                        new ClassicResponse.BroadcastAck(requestId, map.get("packet"));
                    default -> throw new CodecException("unknown response type " + code);
                };
            }
            if (map.containsKey("rooms")) {
                return new ClassicResponse.AllRooms(requestId, WireShapes.rooms(map.get("rooms"), "rooms"));
            }
            if (map.containsKey("sockets")) {
                List<Object> sockets = WireFields.list(map.get("sockets"), "sockets");
                if (!sockets.isEmpty() && sockets.get(0) instanceof String) {
                    return new ClassicResponse.SocketIds(requestId, WireShapes.rooms(sockets, "sockets"));
                }
                List<SocketDetails> details = new ArrayList<>(sockets.size());
                for (Object socket : sockets) {
                    details.add(WireShapes.readSocket(socket));
                }
                return new ClassicResponse.FetchSockets(requestId, details);
            }
            throw new CodecException("response without type, rooms or sockets");
        });
    }

    /** Out-of-range codes map to -1 so that a huge number cannot alias a known type. */
    private static int typeCode(long type) {
        return type < 0 || type > 100 ? -1 : (int) type;
    }

    private static BroadcastOptions requireOpts(Map<String, Object> map) {
        Object opts = map.get("opts");
        if (opts == null) {
            throw new CodecException(
                    "request without opts (single-socket requests of adapters before v7 are" + " not supported)");
        }
        return WireShapes.readOptions(opts);
    }

    /** Any failure while interpreting a decoded value is reported as a codec error, never thrown raw. */
    private static <T> T guarded(Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException("malformed message: " + e, e);
        }
    }
}
