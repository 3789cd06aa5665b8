package org.socketiooperator.adapter.classic;

import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.protocol.classic.ClassicResponse;

/**
 * A classic broadcast with acknowledgements: nodes report their client count with type 8 (this node
 * through the same path), clients' answers come as type 9.
 */
final class BroadcastAckCollector extends AckCollector<ClassicResponse> implements RemoteAnswers {

    BroadcastAckCollector() {
        super(response -> response instanceof ClassicResponse.BroadcastClientCount count
                ? new Reply.ClientCount(count.clientCount())
                : response instanceof ClassicResponse.BroadcastAck ack ? new Reply.Ack(ack.packet()) : null);
    }
}
