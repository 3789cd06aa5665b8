package org.socketiooperator.adapter.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.protocol.classic.ClassicResponse;

/**
 * A broadcast with acknowledgements: every node (this one included) reports how many clients it wrote
 * to (type 8), then each client's answer arrives (type 9). Done when every node reported and the
 * answers add up; the number of nodes is known only once PUBSUB NUMSUB returns.
 */
final class BroadcastAckCollector implements RemoteAnswers {

    static final String TIMEOUT_MESSAGE = "operation has timed out";

    private final CompletableFuture<List<Object>> result;
    private final List<Object> acks = new ArrayList<>();
    private int nodesExpected = -1;
    private int nodesReported;
    private long clientsExpected;
    private boolean remoteAbandoned;

    BroadcastAckCollector(CompletableFuture<List<Object>> result) {
        this.result = result;
    }

    synchronized void expectNodes(int nodes) {
        if (!remoteAbandoned) {
            nodesExpected = nodes;
        }
    }

    @Override
    public synchronized void accept(ClassicResponse response) {
        if (response instanceof ClassicResponse.BroadcastClientCount count) {
            nodesReported++;
            clientsExpected += count.clientCount();
        } else if (response instanceof ClassicResponse.BroadcastAck ack) {
            acks.add(ack.packet());
        }
    }

    @Override
    public synchronized boolean isSatisfied() {
        return nodesExpected >= 0 && nodesReported >= nodesExpected && acks.size() >= clientsExpected;
    }

    @Override
    public synchronized void expectNoMoreRemoteAnswers() {
        // The request never left this node: only this node's own report is still to come.
        remoteAbandoned = true;
        nodesExpected = 1;
    }

    @Override
    public void complete() {
        result.complete(snapshot());
    }

    @Override
    public void expire() {
        result.completeExceptionally(new RequestTimeoutException(TIMEOUT_MESSAGE, snapshot()));
    }

    private synchronized List<Object> snapshot() {
        return new ArrayList<>(acks);
    }
}
