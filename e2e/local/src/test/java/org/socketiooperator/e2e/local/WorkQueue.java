package org.socketiooperator.e2e.local;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's work queue, as client-go's: keys, not events; a key queued twice before it is handled is
 * handled once; one worker thread, so a controller never handles two keys at the same time; a failed key is
 * retried after a second.
 */
final class WorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String name;
    private final Consumer<String> handler;
    private final ScheduledExecutorService worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    WorkQueue(String name, Consumer<String> handler) {
        this.name = name;
        this.handler = handler;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void add(String key) {
        if (queued.add(key) && !worker.isShutdown()) {
            worker.execute(() -> handle(key));
        }
    }

    void addAfter(String key, Duration delay) {
        if (!worker.isShutdown()) {
            worker.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void handle(String key) {
        queued.remove(key);
        try {
            handler.accept(key);
        } catch (RuntimeException e) {
            if (!worker.isShutdown()) {
                LOG.info("{}: {} failed ({}), retrying in {} s", name, key, e.toString(), RETRY.toSeconds());
                addAfter(key, RETRY);
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static String namespace(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
