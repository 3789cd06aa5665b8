package org.socketiooperator.server.engine.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request body bytes the whole server holds at once. Each connection reserves what it receives before it
 * is buffered, so many slow uploads cannot fill memory; they are refused instead.
 */
final class RequestBodyBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    RequestBodyBudget(long limit) {
        this.limit = limit;
    }

    boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
