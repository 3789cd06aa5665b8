package org.socketiooperator.adapter.request;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The table of requests a node sent and still waits on, keyed by request id. An entry leaves the table
 * when it is satisfied or when its deadline passes, whichever comes first; whoever removes it finishes
 * it, so a request never completes twice and never stays behind.
 */
public final class PendingRequests<R> {

    private static final class Entry<R> {
        private final PendingRequest<R> request;
        private volatile ScheduledFuture<?> deadline;

        Entry(PendingRequest<R> request) {
            this.request = request;
        }

        PendingRequest<R> request() {
            return request;
        }

        void cancelDeadline() {
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private final ScheduledExecutorService scheduler;
    private final Map<String, Entry<R>> entries = new ConcurrentHashMap<>();
    private final Runnable onTimeout;

    /** {@code onTimeout} runs once per expired request (metrics). */
    public PendingRequests(ScheduledExecutorService scheduler, Runnable onTimeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onTimeout = onTimeout == null ? () -> {} : onTimeout;
    }

    /**
     * Registers the request; it expires after {@code timeout} unless satisfied before. Returns it, typed as
     * given, so that its owner can feed it this node's part through {@link #update}.
     */
    public <P extends PendingRequest<R>> P add(String id, P request, Duration timeout) {
        // Put first, then arm the timer: the timer only acts on the exact entry it was armed for.
        Entry<R> entry = new Entry<>(request);
        if (entries.putIfAbsent(id, entry) != null) {
            throw new IllegalStateException("duplicate request id " + id);
        }
        entry.deadline = scheduler.schedule(() -> expire(id, entry), timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!entries.containsKey(id)) {
            entry.cancelDeadline();
        }
        recheck(id);
        return request;
    }

    /** Delivers an answer; returns false when no pending request has that id (not ours, or too late). */
    public boolean dispatch(String id, R response) {
        Entry<R> entry = entries.get(id);
        if (entry == null) {
            return false;
        }
        entry.request().accept(response);
        finishIfSatisfied(id, entry);
        return true;
    }

    /** Lets the owner re-evaluate a request after changing what it expects. */
    public void recheck(String id) {
        Entry<R> entry = entries.get(id);
        if (entry != null) {
            finishIfSatisfied(id, entry);
        }
    }

    /**
     * Runs the owner's {@code change} to the request it registered as {@code id} (its own answers, the number
     * of nodes to wait for), then finishes the request if that satisfied it. Does nothing once the request
     * left the table: it is complete or expired already.
     */
    public void update(String id, Runnable change) {
        Entry<R> entry = entries.get(id);
        if (entry != null) {
            change.run();
            finishIfSatisfied(id, entry);
        }
    }

    public boolean contains(String id) {
        return entries.containsKey(id);
    }

    /** How many requests are waiting; tests use it to prove nothing leaks. */
    public int size() {
        return entries.size();
    }

    /** Expires every request at once (adapter shutdown). */
    public void expireAll() {
        entries.forEach((id, entry) -> {
            if (entries.remove(id, entry)) {
                entry.cancelDeadline();
                entry.request().expire();
            }
        });
    }

    private void finishIfSatisfied(String id, Entry<R> entry) {
        if (entry.request().isSatisfied() && entries.remove(id, entry)) {
            entry.cancelDeadline();
            entry.request().complete();
        }
    }

    private void expire(String id, Entry<R> entry) {
        if (entries.remove(id, entry)) {
            onTimeout.run();
            entry.request().expire();
        }
    }
}
