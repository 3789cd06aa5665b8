package org.socketiooperator.emitter.wire;

import java.util.List;
import org.socketiooperator.protocol.codec.BinaryValues;
import org.socketiooperator.protocol.codec.PayloadFormat;
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

    /**
     * A broadcast is {@code {type: 3, data: {packet: {type: 2, data}, opts}, uid, nsp}}, JSON unless its data
     * holds binary: the channel and, for each format, the bytes around {@code data} are prepared once (a
     * {@link MessageTemplate}; data is 4 levels deep), and each emit looks for binary and encodes its data.
     */
    @Override
    public BroadcastEncoder broadcasts(Selection selection) {
        String nsp = selection.nsp();
        String channel = new ShardedChannels(key, nsp, subscriptionMode.roomChannels())
                .publishChannel(broadcast(selection, MessageTemplate.MARK));
        MessageTemplate json = template(selection, PayloadFormat.JSON);
        MessageTemplate msgpack = template(selection, PayloadFormat.MSGPACK);
        if (json == null || msgpack == null) {
            return WireFormat.super.broadcasts(selection);
        }
        return data -> {
            // as ClusterMessageCodec: the data map holds packet > data, so data is looked into 3 levels deep
            boolean binary = BinaryValues.containsBinary(MessageTemplate.nest(data, 2));
            byte[] payload = binary ? msgpack.fill(PayloadFormat.MSGPACK, data) : json.fill(PayloadFormat.JSON, data);
            return new Outgoing(Outgoing.Command.SPUBLISH, channel, payload);
        };
    }

    private MessageTemplate template(Selection selection, PayloadFormat format) {
        return MessageTemplate.cut(data -> ClusterMessageCodec.encode(broadcast(selection, data), format), format, 4);
    }

    private ClusterMessage broadcast(Selection selection, List<Object> data) {
        return ClusterMessages.of(uid, new Operation.Broadcast(selection, data));
    }
}
