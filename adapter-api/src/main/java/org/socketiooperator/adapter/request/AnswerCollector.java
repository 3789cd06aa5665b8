package org.socketiooperator.adapter.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.socketiooperator.adapter.RequestTimeoutException;

/**
 * A request that waits for one answer from each other node (counted by Redis beforehand) and gathers
 * what each answer brings: fetchSockets, allRooms and serverSideEmit-with-ack in both adapter modes.
 * Answers of another kind are ignored rather than counted. The outcome always includes what this node
 * already had, also in the {@link RequestTimeoutException} of a timeout.
 *
 * @param <R> the mode's response type
 * @param <T> the items gathered
 */
public class AnswerCollector<R, T> implements PendingRequest<R> {

    private final Function<R, List<T>> extract;
    private final IntFunction<String> timeoutMessage;
    private final List<T> gathered;
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();
    private int expected;
    private int received;

    /**
     * @param known what this node already has (its local part)
     * @param extract the items an answer brings, or null when the answer is not of the awaited kind
     * @param timeoutMessage the error text, given the number of answers received
     */
    public AnswerCollector(
            int expected, List<T> known, Function<R, List<T>> extract, IntFunction<String> timeoutMessage) {
        this.expected = expected;
        this.gathered = new ArrayList<>(known);
        this.extract = extract;
        this.timeoutMessage = timeoutMessage;
    }

    /** The official adapters' text when some nodes did not answer in time. */
    public static IntFunction<String> onlySomeResponses(int expected) {
        return received -> "timeout reached: only " + received + " responses received out of " + expected;
    }

    public CompletableFuture<List<T>> result() {
        return result;
    }

    @Override
    public synchronized void accept(R response) {
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

    /** The request never left this node (publish failed): settle for the answers already in. */
    @Override
    public synchronized void expectNoMoreRemoteAnswers() {
        expected = received;
    }

    @Override
    public void complete() {
        // answers may hold null (an ack called without argument), which List.copyOf refuses
        result.complete(Collections.unmodifiableList(snapshot()));
    }

    @Override
    public void expire() {
        String message;
        synchronized (this) {
            message = timeoutMessage.apply(received);
        }
        result.completeExceptionally(new RequestTimeoutException(message, new ArrayList<Object>(snapshot())));
    }

    private synchronized List<T> snapshot() {
        return new ArrayList<>(gathered);
    }
}
