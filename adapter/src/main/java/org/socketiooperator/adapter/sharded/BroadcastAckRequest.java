package org.socketiooperator.adapter.sharded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.request.PendingRequest;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;

/**
 * A broadcast with acknowledgements: satisfied once every other node reported its client count (type 11)
 * and as many acknowledgements arrived (local and type 12) as the counts add up to. The number of other
 * nodes is only known once SHARDNUMSUB answers, which may be after some counts arrived.
 */
final class BroadcastAckRequest implements PendingRequest<ClusterMessage.Response> {

    private final CompletableFuture<List<Object>> result = new CompletableFuture<>();
    private final List<Object> acks = new ArrayList<>();
    private int otherNodes = -1;
    private int countsReceived;
    private long expectedAcks;

    CompletableFuture<List<Object>> result() {
        return result;
    }

    synchronized void localClients(int count) {
        expectedAcks += count;
    }

    synchronized void localAck(Object value) {
        acks.add(value);
    }

    /** From SHARDNUMSUB: the subscribers of the namespace channel minus this node. */
    synchronized void otherNodes(int count) {
        otherNodes = Math.max(0, count);
    }

    @Override
    public synchronized void accept(ClusterMessage.Response response) {
        if (response instanceof BroadcastClientCount count) {
            countsReceived++;
            expectedAcks += count.clientCount();
        } else if (response instanceof BroadcastAck ack) {
            acks.add(ack.packet());
        }
    }

    @Override
    public synchronized boolean isSatisfied() {
        return otherNodes >= 0 && countsReceived >= otherNodes && acks.size() >= expectedAcks;
    }

    @Override
    public synchronized void complete() {
        result.complete(Collections.unmodifiableList(new ArrayList<>(acks)));
    }

    @Override
    public synchronized void expire() {
        result.completeExceptionally(new RequestTimeoutException("operation has timed out", new ArrayList<>(acks)));
    }
}
