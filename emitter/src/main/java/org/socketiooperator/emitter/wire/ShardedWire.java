package org.socketiooperator.emitter.wire;

import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;
import org.socketiooperator.protocol.sharded.ShardedChannels;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * ClusterMessage envelopes with uid {@code emitter}, sent with SPUBLISH on the channel the sharded adapter
 * would choose for the cluster's subscription mode. There is no official sharded emitter; the sharded
 * adapter applies any message whose uid is not its own. Encoding and channel choice are the shared
 * sharded codec's (JSON unless a broadcast or server-side emit carries binary).
 */
public record ShardedWire(String key, SubscriptionMode subscriptionMode, String uid) implements WireFormat {

    public ShardedWire(String key, SubscriptionMode subscriptionMode) {
        this(key, subscriptionMode, EMITTER_UID);
    }

    @Override
    public Outgoing encode(Operation operation) {
        Selection selection = operation.selection();
        String nsp = selection.nsp();
        BroadcastOptions opts = ProtocolValues.options(selection);
        ClusterMessage message;
        if (operation instanceof Operation.Broadcast broadcast) {
            message = new ClusterMessage.Broadcast(uid, nsp, broadcast.data(), opts, null);
        } else if (operation instanceof Operation.SocketsJoin join) {
            message = new ClusterMessage.SocketsJoin(uid, nsp, opts, join.rooms());
        } else if (operation instanceof Operation.SocketsLeave leave) {
            message = new ClusterMessage.SocketsLeave(uid, nsp, opts, leave.rooms());
        } else if (operation instanceof Operation.DisconnectSockets disconnect) {
            message = new ClusterMessage.DisconnectSockets(uid, nsp, opts, disconnect.close());
        } else {
            message = new ClusterMessage.ServerSideEmit(uid, nsp, ((Operation.ServerSideEmit) operation).data(), null);
        }
        String channel = new ShardedChannels(key, nsp, subscriptionMode.roomChannels()).publishChannel(message);
        return new Outgoing(Outgoing.Command.SPUBLISH, channel, ClusterMessageCodec.encode(message));
    }
}
