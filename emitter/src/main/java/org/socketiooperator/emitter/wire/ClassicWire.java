package org.socketiooperator.emitter.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
     * {@code data} depends on the selection only. Both parsers write a value's bytes whatever surrounds it
     * (MessagePack containers announce their item count, not their byte length; JSON is text), so the
     * bytes before and after {@code data} are encoded once here and each emit encodes only {@code data}.
     * The prepared parts are checked against the whole message encoded at once (with empty data);
     * should they ever differ, every broadcast goes through {@link #encode(Operation)}.
     */
    @Override
    public BroadcastEncoder broadcasts(Selection selection) {
        String channel = broadcastChannel(selection, new ClassicChannels(key, selection.nsp()));
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        if (parser == PayloadFormat.MSGPACK) {
            before.write(0x93); // fixarray of 3: uid, packet, opts
            before.writeBytes(parser.encode(EMITTER_UID));
            before.write(0x83); // fixmap of 3: type, data, nsp
            before.writeBytes(parser.encode("type"));
            before.writeBytes(parser.encode(EVENT));
            before.writeBytes(parser.encode("data"));
            after.writeBytes(parser.encode("nsp"));
            after.writeBytes(parser.encode(selection.nsp()));
            after.writeBytes(parser.encode(broadcastOpts(selection)));
        } else {
            before.writeBytes(ascii("["));
            before.writeBytes(parser.encode(EMITTER_UID));
            before.writeBytes(ascii(",{"));
            before.writeBytes(parser.encode("type"));
            before.writeBytes(ascii(":"));
            before.writeBytes(parser.encode(EVENT));
            before.writeBytes(ascii(","));
            before.writeBytes(parser.encode("data"));
            before.writeBytes(ascii(":"));
            after.writeBytes(ascii(","));
            after.writeBytes(parser.encode("nsp"));
            after.writeBytes(ascii(":"));
            after.writeBytes(parser.encode(selection.nsp()));
            after.writeBytes(ascii("},"));
            after.writeBytes(parser.encode(broadcastOpts(selection)));
            after.writeBytes(ascii("]"));
        }
        PreparedBroadcast prepared = new PreparedBroadcast(channel, parser, before.toByteArray(), after.toByteArray());
        List<Object> noData = List.of();
        byte[] whole = parser.encode(broadcastMessage(selection, noData));
        if (!Arrays.equals(prepared.encode(noData).payload(), whole)) {
            return data -> encode(new Operation.Broadcast(selection, data));
        }
        return prepared;
    }

    private static Map<String, Object> broadcastOpts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("flags", selection.flags());
        opts.put("except", selection.except());
        return opts;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The broadcasts of one selection: its channel and the message's bytes around {@code data}. */
    private record PreparedBroadcast(String channel, PayloadFormat parser, byte[] before, byte[] after)
            implements BroadcastEncoder {

        @Override
        public Outgoing encode(List<Object> data) {
            // Wrapped in two one-element lists, the data sits as deep as inside the message (array >
            // packet map > data), so the codec's nesting limit refuses exactly what the whole message
            // would; the wrappers' bytes ([[ ]] in JSON, two fixarray-of-1 headers in MessagePack) are cut off.
            byte[] wrapped = parser.encode(List.of(List.of(data)));
            int start = 2;
            int length = wrapped.length - (parser == PayloadFormat.JSON ? 4 : 2);
            byte[] payload = new byte[before.length + length + after.length];
            System.arraycopy(before, 0, payload, 0, before.length);
            System.arraycopy(wrapped, start, payload, before.length, length);
            System.arraycopy(after, 0, payload, before.length + length, after.length);
            return new Outgoing(Outgoing.Command.PUBLISH, channel, payload);
        }
    }

    /** Requests carry no flags: join, leave and disconnect apply to sockets, not to packets. */
    private static Map<String, Object> requestOpts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("except", selection.except());
        return opts;
    }
}
