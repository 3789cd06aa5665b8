package org.socketiooperator.node.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.server.api.SocketIoServer;

/**
 * The node's way out, in the order Kubernetes needs it: not ready at once (the endpoint leaves the
 * Service), no new sessions, clients disconnected with {@code server shutting down} spread over the drain
 * period (so they reconnect to other pods without a stampede), then the adapter and the management port
 * close. Safe to trigger more than once: later calls get the first drain's completion.
 */
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Beyond the drain period: time for the port to close and Redis connections to end. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final DrainState state;
    private final SocketIoServer server;
    private final Adapter adapter;
    private final AutoCloseable management;
    private final Duration period;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    public GracefulShutdown(DrainState state, SocketIoServer server, Adapter adapter, AutoCloseable management,
                            Duration period) {
        this.state = state;
        this.server = server;
        this.adapter = adapter;
        this.management = management;
        this.period = period;
    }

    public CompletionStage<Void> drain() {
        if (!state.begin()) {
            return done;
        }
        long clients = server.stats().sockets();
        LOG.info("draining: not ready, refusing new sessions, disconnecting {} sockets over {} ms", clients,
                period.toMillis());
        // Closing happens on a thread of its own: the drain completes on a Netty thread, and Lettuce's
        // shutdown waits for Netty executors, so closing the adapter there would wait on itself.
        server.drain(period).whenCompleteAsync((v, error) -> {
            if (error != null) {
                LOG.warn("drain ended with an error: {}", error.toString());
            }
            closeQuietly("adapter", adapter);
            closeQuietly("management port", management);
            LOG.info("drained: node stopped");
            done.complete(null);
        }, task -> {
            Thread closer = new Thread(task, "node-close");
            closer.setDaemon(true);
            closer.start();
        });
        return done;
    }

    /** Registers {@link #drain()} to run on SIGTERM/SIGINT, holding the JVM until it has finished. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::drainAndWait, "node-shutdown"));
    }

    private void drainAndWait() {
        try {
            drain().toCompletableFuture().get(period.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("drain did not finish within {} ms; exiting anyway", period.plus(GRACE).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("drain failed: {}", e.toString());
        }
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed: {}", what, e.toString());
        }
    }
}
