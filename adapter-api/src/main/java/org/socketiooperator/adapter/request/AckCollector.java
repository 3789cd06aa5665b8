package org.socketiooperator.adapter.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.socketiooperator.adapter.RequestTimeoutException;

/**
 * A broadcast with acknowledgements, in either adapter mode: every node (this one included) reports how
 * many clients it wrote to, then each client's acknowledgement arrives. Done when the expected number of
 * nodes reported and the acknowledgements add up; that number is only known once Redis counted the
 * subscribers, which may be after some reports arrived.
 *
 * @param <R> the mode's response type
 */
public class AckCollector<R> implements PendingRequest<R> {

    static final String TIMEOUT_MESSAGE = "operation has timed out";

    /** What a response means to this request; the mode reads its own wire types into it. */
    public sealed interface Reply {

        record ClientCount(long clients) implements Reply {}

        record Ack(Object value) implements Reply {}
    }

    private final Function<R, Reply> read;
    private final CompletableFuture<List<Object>> result = new CompletableFuture<>();
    private final List<Object> acks = new ArrayList<>();
    private int reportsExpected = -1;
    private int reports;
    private long acksExpected;
    private boolean remoteAbandoned;

    /** @param read the meaning of a response, or null when it does not belong to a broadcast */
    public AckCollector(Function<R, Reply> read) {
        this.read = read;
    }

    public CompletableFuture<List<Object>> result() {
        return result;
    }

    /** A node, this one or another, wrote the broadcast to {@code clients} clients. */
    public synchronized void nodeReported(long clients) {
        reports++;
        acksExpected += clients;
    }

    public synchronized void ack(Object value) {
        acks.add(value);
    }

    /** How many nodes will report, this one included. */
    public synchronized void expectReports(int nodes) {
        if (!remoteAbandoned) {
            reportsExpected = nodes;
        }
    }

    /** The broadcast never left this node: only this node's own report is still to come. */
    @Override
    public synchronized void expectNoMoreRemoteAnswers() {
        remoteAbandoned = true;
        reportsExpected = 1;
    }

    @Override
    public synchronized void accept(R response) {
        Reply reply = read.apply(response);
        if (reply instanceof Reply.ClientCount count) {
            nodeReported(count.clients());
        } else if (reply instanceof Reply.Ack ack) {
            ack(ack.value());
        }
    }

    @Override
    public synchronized boolean isSatisfied() {
        return reportsExpected >= 0 && reports >= reportsExpected && acks.size() >= acksExpected;
    }

    @Override
    public void complete() {
        // acknowledgements may be null (a callback called without argument), which List.copyOf refuses
        result.complete(Collections.unmodifiableList(snapshot()));
    }

    @Override
    public void expire() {
        result.completeExceptionally(new RequestTimeoutException(TIMEOUT_MESSAGE, snapshot()));
    }

    private synchronized List<Object> snapshot() {
        return new ArrayList<>(acks);
    }
}
