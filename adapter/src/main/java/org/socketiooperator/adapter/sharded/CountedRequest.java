package org.socketiooperator.adapter.sharded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.request.PendingRequest;
import org.socketiooperator.protocol.sharded.ClusterMessage;

/**
 * fetchSockets and serverSideEmit-with-ack: one answer expected from each other node (as counted by
 * SHARDNUMSUB), each answer contributing values; fails with the official adapter's timeout text.
 */
final class CountedRequest<T> implements PendingRequest<ClusterMessage.Response> {

    private final int expected;
    private final Class<? extends ClusterMessage.Response> responseType;
    private final Function<ClusterMessage.Response, List<T>> values;
    private final List<T> collected;
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();
    private int received;

    CountedRequest(int expected, List<T> initial, Class<? extends ClusterMessage.Response> responseType,
                   Function<ClusterMessage.Response, List<T>> values) {
        this.expected = expected;
        this.collected = new ArrayList<>(initial);
        this.responseType = responseType;
        this.values = values;
    }

    CompletableFuture<List<T>> result() {
        return result;
    }

    @Override
    public synchronized void accept(ClusterMessage.Response response) {
        if (responseType.isInstance(response)) {
            collected.addAll(values.apply(response));
            received++;
        }
    }

    @Override
    public synchronized boolean isSatisfied() {
        return received >= expected;
    }

    @Override
    public synchronized void complete() {
        // answers may be null (a callback called without argument), which List.copyOf refuses
        result.complete(Collections.unmodifiableList(new ArrayList<>(collected)));
    }

    @Override
    public synchronized void expire() {
        result.completeExceptionally(new RequestTimeoutException("timeout reached: only " + received
                + " responses received out of " + expected, new ArrayList<Object>(collected)));
    }
}
