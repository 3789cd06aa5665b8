package org.socketiooperator.adapter.request;

/**
 * One cross-node request waiting for answers. {@link PendingRequests} calls exactly one of
 * {@link #complete()} and {@link #expire()}, exactly once, after removing the request from its table.
 * Implementations must be thread-safe: answers and the timeout arrive on different threads.
 */
public interface PendingRequest<R> {

    /** Records one answer. */
    void accept(R response);

    /** Whether every expected answer has arrived. */
    boolean isSatisfied();

    /**
     * The request never left this node (its publish failed): settle for what is already in, this node's own
     * part included, instead of waiting for the deadline.
     */
    void expectNoMoreRemoteAnswers();

    /** Every expected answer arrived. */
    void complete();

    /** The deadline passed (or the adapter closed) first. */
    void expire();
}
