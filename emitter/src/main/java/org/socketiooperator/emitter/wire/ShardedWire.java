package org.socketiooperator.emitter.wire;

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
        String nsp = operation.selection().nsp();
        ClusterMessage message = ClusterMessages.of(uid, operation);
        String channel = new ShardedChannels(key, nsp, subscriptionMode.roomChannels()).publishChannel(message);
        return new Outgoing(Outgoing.Command.SPUBLISH, channel, ClusterMessageCodec.encode(message));
    }
}
