package org.socketiooperator.emitter.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * The messages of {@code @socket.io/redis-emitter} 5.x, byte for byte: broadcasts are
 * {@code parser([uid, packet, opts])} on {@code P#NSP#} (or {@code P#NSP#ROOM#} for exactly one room),
 * the other operations are JSON requests on {@code P-request#NSP#}.
 *
 * <p>The official emitter writes {@code opts} as {@code rooms, flags, except} (the adapters write
 * {@code rooms, except, flags}) and its requests carry no uid except serverSideEmit's; receivers do not
 * care, but reproducing it lets tests compare our bytes with the official ones.
 */
public record ClassicWire(String key, PayloadFormat parser) implements WireFormat {

    private static final long EVENT = 2;
    private static final long REMOTE_JOIN = 2;
    private static final long REMOTE_LEAVE = 3;
    private static final long REMOTE_DISCONNECT = 4;
    private static final long SERVER_SIDE_EMIT = 6;

    @Override
    public Outgoing encode(Operation operation) {
        Selection selection = operation.selection();
        if (operation instanceof Operation.Broadcast broadcast) {
            return broadcast(broadcast);
        }
        if (operation instanceof Operation.SocketsJoin join) {
            return request(selection, roomsRequest(REMOTE_JOIN, selection, join.rooms()));
        }
        if (operation instanceof Operation.SocketsLeave leave) {
            return request(selection, roomsRequest(REMOTE_LEAVE, selection, leave.rooms()));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        if (operation instanceof Operation.DisconnectSockets disconnect) {
            message.put("type", REMOTE_DISCONNECT);
            message.put("opts", requestOpts(selection));
            message.put("close", disconnect.close());
        } else {
            Operation.ServerSideEmit emit = (Operation.ServerSideEmit) operation;
            message.put("uid", EMITTER_UID);
            message.put("type", SERVER_SIDE_EMIT);
            message.put("data", emit.data());
        }
        return request(selection, message);
    }

    private Outgoing broadcast(Operation.Broadcast broadcast) {
        Selection selection = broadcast.selection();
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", broadcast.data());
        packet.put("nsp", selection.nsp());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("flags", selection.flags());
        opts.put("except", selection.except());
        String channel = key + "#" + selection.nsp() + "#";
        if (selection.rooms().size() == 1) {
            channel += selection.rooms().get(0) + "#";
        }
        return new Outgoing(Outgoing.Command.PUBLISH, channel, parser.encode(List.of(EMITTER_UID, packet, opts)));
    }

    private static Map<String, Object> roomsRequest(long type, Selection selection, List<String> rooms) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("opts", requestOpts(selection));
        message.put("rooms", rooms);
        return message;
    }

    private static Map<String, Object> requestOpts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("except", selection.except());
        return opts;
    }

    // Requests are JSON whatever the parser: the adapters sniff the format on the request channel.
    private Outgoing request(Selection selection, Map<String, Object> message) {
        return new Outgoing(Outgoing.Command.PUBLISH, key + "-request#" + selection.nsp() + "#",
                JsonCodec.encode(message));
    }
}
