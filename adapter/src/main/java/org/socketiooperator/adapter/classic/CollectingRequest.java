package org.socketiooperator.adapter.classic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.protocol.classic.ClassicResponse;

/**
 * Waits for one answer per other node (the count comes from PUBSUB NUMSUB) and gathers what each
 * brings. Answers of an unexpected kind are ignored rather than counted.
 */
final class CollectingRequest<T> implements RemoteAnswers {

    private final List<T> gathered;
    private final Function<ClassicResponse, List<T>> extract;
    private final IntFunction<String> timeoutMessage;
    private final CompletableFuture<List<T>> result;
    private int expected;
    private int received;

    /**
     * @param known what this node already has (its local part), included in every outcome
     * @param extract the items an answer brings, or null when the answer is not of the awaited kind
     * @param timeoutMessage the error text, given the number of answers received
     */
    CollectingRequest(int expected, List<T> known, Function<ClassicResponse, List<T>> extract,
                      IntFunction<String> timeoutMessage, CompletableFuture<List<T>> result) {
        this.expected = expected;
        this.gathered = new ArrayList<>(known);
        this.extract = extract;
        this.timeoutMessage = timeoutMessage;
        this.result = result;
    }

    @Override
    public synchronized void accept(ClassicResponse response) {
        List<T> items = extract.apply(response);
        if (items != null) {
            received++;
            gathered.addAll(items);
        }
    }

    @Override
    public synchronized boolean isSatisfied() {
        return received >= expected;
    }

    @Override
    public synchronized void expectNoMoreRemoteAnswers() {
        expected = received;
    }

    @Override
    public void complete() {
        result.complete(snapshot());
    }

    @Override
    public void expire() {
        String message;
        List<T> partial;
        synchronized (this) {
            message = timeoutMessage.apply(received);
            partial = new ArrayList<>(gathered);
        }
        result.completeExceptionally(new RequestTimeoutException(message, new ArrayList<>(partial)));
    }

    private synchronized List<T> snapshot() {
        return new ArrayList<>(gathered);
    }
}
