package org.socketiooperator.emitter.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.classic.ClassicCodec;
import org.socketiooperator.protocol.classic.ClassicRequest;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * The messages of {@code @socket.io/redis-emitter} 5.x: broadcasts are {@code parser([uid, packet, opts])}
 * on {@code P#NSP#} (or {@code P#NSP#ROOM#} for exactly one room), the other operations are the classic
 * adapter's JSON requests on {@code P-request#NSP#}, without a uid except for serverSideEmit.
 *
 * <p>Channels and requests come from the shared classic codec. The broadcast is laid out here because
 * the official emitter writes {@code opts} as {@code rooms, flags, except} and keeps the caller's room
 * order, where the adapters write {@code rooms, except, flags}: receivers do not care, but keeping the
 * emitter's layout makes our bytes equal to the official emitter's for the same call.
 */
public record ClassicWire(String key, PayloadFormat parser) implements WireFormat {

    private static final long EVENT = 2;

    @Override
    public Outgoing encode(Operation operation) {
        Selection selection = operation.selection();
        ClassicChannels channels = new ClassicChannels(key, selection.nsp());
        if (operation instanceof Operation.Broadcast broadcast) {
            String channel = selection.rooms().size() == 1
                    ? channels.roomChannel(selection.rooms().get(0)) : channels.broadcastChannel();
            return new Outgoing(Outgoing.Command.PUBLISH, channel, broadcastPayload(broadcast));
        }
        ClassicRequest request;
        if (operation instanceof Operation.SocketsJoin join) {
            request = new ClassicRequest.Join(null, ProtocolValues.options(selection), join.rooms());
        } else if (operation instanceof Operation.SocketsLeave leave) {
            request = new ClassicRequest.Leave(null, ProtocolValues.options(selection), leave.rooms());
        } else if (operation instanceof Operation.DisconnectSockets disconnect) {
            request = new ClassicRequest.Disconnect(null, ProtocolValues.options(selection), disconnect.close());
        } else {
            request = new ClassicRequest.ServerSideEmit(EMITTER_UID, null,
                    ((Operation.ServerSideEmit) operation).data());
        }
        return new Outgoing(Outgoing.Command.PUBLISH, channels.requestChannel(),
                new ClassicCodec(parser).encodeRequest(request));
    }

    private byte[] broadcastPayload(Operation.Broadcast broadcast) {
        Selection selection = broadcast.selection();
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", broadcast.data());
        packet.put("nsp", selection.nsp());
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("flags", selection.flags());
        opts.put("except", selection.except());
        return parser.encode(List.of(EMITTER_UID, packet, opts));
    }
}
