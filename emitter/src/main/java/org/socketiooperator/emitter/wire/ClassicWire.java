package org.socketiooperator.emitter.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * The messages of {@code @socket.io/redis-emitter} 5.x, byte for byte: broadcasts are
 * {@code parser([uid, packet, opts])} on {@code P#NSP#} (or {@code P#NSP#ROOM#} for exactly one room), the
 * other operations are JSON requests on {@code P-request#NSP#}, without a uid except for serverSideEmit.
 *
 * <p>Channel names come from the shared classic protocol and the bytes from the shared codecs; only the
 * message layout is written here. The adapters' messages (and the shared classic codec) differ from the
 * emitter's in ways receivers ignore: {@code opts} is {@code rooms, except, flags} there but
 * {@code rooms, flags, except} in the emitter, and the shared model keeps rooms as sets (written sorted)
 * where the emitter keeps the caller's order. Laying the messages out as the emitter does keeps our bytes
 * equal to the official emitter's for the same call.
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
        ClassicChannels channels = new ClassicChannels(key, selection.nsp());
        if (operation instanceof Operation.Broadcast broadcast) {
            return new Outgoing(
                    Outgoing.Command.PUBLISH, broadcastChannel(selection, channels), broadcastPayload(broadcast));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        if (operation instanceof Operation.SocketsJoin join) {
            request.put("type", REMOTE_JOIN);
            request.put("opts", requestOpts(selection));
            request.put("rooms", join.rooms());
        } else if (operation instanceof Operation.SocketsLeave leave) {
            request.put("type", REMOTE_LEAVE);
            request.put("opts", requestOpts(selection));
            request.put("rooms", leave.rooms());
        } else if (operation instanceof Operation.DisconnectSockets disconnect) {
            request.put("type", REMOTE_DISCONNECT);
            request.put("opts", requestOpts(selection));
            request.put("close", disconnect.close());
        } else {
            request.put("uid", EMITTER_UID);
            request.put("type", SERVER_SIDE_EMIT);
            request.put("data", ((Operation.ServerSideEmit) operation).data());
        }
        // requests are JSON whatever the parser: the adapters sniff the format on the request channel
        return new Outgoing(Outgoing.Command.PUBLISH, channels.requestChannel(), JsonCodec.encode(request));
    }

    private byte[] broadcastPayload(Operation.Broadcast broadcast) {
        return parser.encode(broadcastMessage(broadcast.selection(), broadcast.data()));
    }

    private static List<Object> broadcastMessage(Selection selection, List<Object> data) {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", data);
        packet.put("nsp", selection.nsp());
        return List.of(EMITTER_UID, packet, broadcastOpts(selection));
    }

    private static String broadcastChannel(Selection selection, ClassicChannels channels) {
        return selection.rooms().size() == 1
                ? channels.roomChannel(selection.rooms().get(0))
                : channels.broadcastChannel();
    }

    /**
     * A broadcast message is {@code [uid, {type, data, nsp}, {rooms, flags, except}]}: everything but
     * {@code data} depends on the selection only, so the channel and the bytes around {@code data} are
     * prepared once (a {@link MessageTemplate}; data is 3 levels deep) and each emit encodes only its data.
     */
    @Override
    public BroadcastEncoder broadcasts(Selection selection) {
        String channel = broadcastChannel(selection, new ClassicChannels(key, selection.nsp()));
        MessageTemplate template =
                MessageTemplate.cut(data -> parser.encode(broadcastMessage(selection, data)), parser, 3);
        if (template == null) {
            return WireFormat.super.broadcasts(selection);
        }
        return data -> new Outgoing(Outgoing.Command.PUBLISH, channel, template.fill(parser, data));
    }

    private static Map<String, Object> broadcastOpts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("flags", selection.flags());
        opts.put("except", selection.except());
        return opts;
    }

    /** Requests carry no flags: join, leave and disconnect apply to sockets, not to packets. */
    private static Map<String, Object> requestOpts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("except", selection.except());
        return opts;
    }
}
