package org.socketiooperator.adapter.sharded;

import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;

/**
 * A sharded broadcast with acknowledgements: other nodes report their client count with type 11 and
 * forward answers with type 12; this node's part is added directly, and SHARDNUMSUB tells how many
 * other nodes there are.
 */
final class BroadcastAckRequest extends AckCollector<ClusterMessage.Response> {

    BroadcastAckRequest() {
        super(response -> response instanceof BroadcastClientCount count ? new Reply.ClientCount(count.clientCount())
                : response instanceof BroadcastAck ack ? new Reply.Ack(ack.packet()) : null);
    }

    void localClients(int count) {
        nodeReported(count);
    }

    void localAck(Object value) {
        ack(value);
    }

    /** From SHARDNUMSUB: the subscribers of the namespace channel minus this node. */
    void otherNodes(int count) {
        expectReports(Math.max(0, count) + 1);
    }
}
