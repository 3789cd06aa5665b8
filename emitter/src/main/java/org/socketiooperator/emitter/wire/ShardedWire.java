package org.socketiooperator.emitter.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.socketiooperator.emitter.SubscriptionMode;
import org.socketiooperator.protocol.codec.BinaryValues;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * ClusterMessage envelopes {@code {type, data, uid, nsp}} with uid {@code emitter}, sent with SPUBLISH
 * (there is no official sharded emitter; the sharded adapter accepts any uid that is not its own).
 * JSON unless a broadcast or server-side emit carries binary, exactly as the sharded adapter encodes.
 */
public record ShardedWire(String key, SubscriptionMode subscriptionMode, String uid) implements WireFormat {

    /** Engine.io socket ids have 20 characters; the sharded publisher treats such rooms as private. */
    static final int SOCKET_ID_LENGTH = 20;

    private static final long BROADCAST = 3;
    private static final long SOCKETS_JOIN = 4;
    private static final long SOCKETS_LEAVE = 5;
    private static final long DISCONNECT_SOCKETS = 6;
    private static final long SERVER_SIDE_EMIT = 9;
    private static final long EVENT = 2;

    public ShardedWire(String key, SubscriptionMode subscriptionMode) {
        this(key, subscriptionMode, EMITTER_UID);
    }

    @Override
    public Outgoing encode(Operation operation) {
        Selection selection = operation.selection();
        Map<String, Object> data = new LinkedHashMap<>();
        long type;
        if (operation instanceof Operation.Broadcast broadcast) {
            type = BROADCAST;
            Map<String, Object> packet = new LinkedHashMap<>();
            packet.put("type", EVENT);
            packet.put("data", broadcast.data());
            data.put("packet", packet);
            data.put("opts", opts(selection));
        } else if (operation instanceof Operation.SocketsJoin join) {
            type = SOCKETS_JOIN;
            data.put("opts", opts(selection));
            data.put("rooms", join.rooms());
        } else if (operation instanceof Operation.SocketsLeave leave) {
            type = SOCKETS_LEAVE;
            data.put("opts", opts(selection));
            data.put("rooms", leave.rooms());
        } else if (operation instanceof Operation.DisconnectSockets disconnect) {
            type = DISCONNECT_SOCKETS;
            data.put("opts", opts(selection));
            data.put("close", disconnect.close());
        } else {
            type = SERVER_SIDE_EMIT;
            data.put("packet", ((Operation.ServerSideEmit) operation).data());
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("data", data);
        envelope.put("uid", uid);
        envelope.put("nsp", selection.nsp());
        // only types 3 and 9 may switch to MessagePack among the ones an emitter sends
        boolean binary = (type == BROADCAST || type == SERVER_SIDE_EMIT) && BinaryValues.containsBinary(data);
        byte[] payload = (binary ? PayloadFormat.MSGPACK : PayloadFormat.JSON).encode(envelope);
        return new Outgoing(Outgoing.Command.SPUBLISH, channel(operation), payload);
    }

    private static Map<String, Object> opts(Selection selection) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", selection.rooms());
        opts.put("except", selection.except());
        opts.put("flags", selection.flags());
        return opts;
    }

    /** A one-room broadcast uses the room's channel when the cluster subscribes to it, else the namespace's. */
    String channel(Operation operation) {
        String namespaceChannel = key + "#" + operation.selection().nsp() + "#";
        if (operation instanceof Operation.Broadcast && operation.selection().rooms().size() == 1) {
            String room = operation.selection().rooms().get(0);
            boolean roomChannel = switch (subscriptionMode) {
                case STATIC -> false;
                case DYNAMIC -> room.length() != SOCKET_ID_LENGTH;
                case DYNAMIC_PRIVATE -> true;
            };
            if (roomChannel) {
                return namespaceChannel + room + "#";
            }
        }
        return namespaceChannel;
    }
}
