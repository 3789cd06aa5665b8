package org.socketiooperator.node.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.server.SocketIoServer;

/**
 * The node's way out, in the order Kubernetes needs it: not ready at once (the endpoint leaves the
 * Service), no new sessions, clients disconnected with {@code server shutting down} spread over the drain
 * period (so they reconnect to other pods without a stampede), then the adapter and the management port
 * close. Safe to trigger more than once: later calls get the first drain's completion.
 *
 * <p>{@link #drainNow()} is the blue/green switch's variant (docs/adr/0002-rollouts.md): the pod is no longer
 * behind the Service and a ready generation waits for its clients, so all of them go at once; the management
 * port stays up (liveness passes, readiness says draining) until SIGTERM, so the kubelet does not restart an
 * emptied node while its StatefulSet is being deleted.
 */
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Beyond the drain period: time for the port to close and Redis connections to end. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final DrainState state;
    private final SocketIoServer server;
    private final AutoCloseable adapter;
    private final AutoCloseable management;
    private final Duration period;
    /** Clients gone, client port and adapter closed. */
    private final CompletableFuture<Void> clientsGone = new CompletableFuture<>();
    /** Everything closed, the management port too. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private final AtomicBoolean closing = new AtomicBoolean();

    public GracefulShutdown(
            DrainState state, SocketIoServer server, AutoCloseable adapter, AutoCloseable management, Duration period) {
        this.state = state;
        this.server = server;
        this.adapter = adapter;
        this.management = management;
        this.period = period;
    }

    /** SIGTERM: the drain over the period (unless one already ran), then the management port closes. */
    public CompletionStage<Void> drain() {
        disconnect(period, "SIGTERM");
        if (closing.compareAndSet(false, true)) {
            clientsGone.whenCompleteAsync(
                    (v, error) -> {
                        closeQuietly("management port", management);
                        LOG.info("drained: node stopped");
                        done.complete(null);
                    },
                    GracefulShutdown::onCloserThread);
        }
        return done;
    }

    /**
     * The drain signal: every client disconnected at once, the client port and the adapter closed; the
     * management port stays until {@link #drain()}. Completes when the clients are gone.
     */
    public CompletionStage<Void> drainNow() {
        if (disconnect(Duration.ZERO, "drain signal")) {
            // The server's threads end with its port; this one keeps the process for SIGTERM (which exits
            // the JVM whatever threads are left) so the pod does not restart meanwhile.
            Thread waiting = new Thread(() -> done.join(), "node-await-sigterm");
            waiting.setDaemon(false);
            waiting.start();
        }
        return clientsGone;
    }

    /** Returns true for the call that started the drain. */
    private boolean disconnect(Duration over, String trigger) {
        if (!state.begin()) {
            return false;
        }
        long clients = server.stats().sockets();
        LOG.info(
                "draining ({}): not ready, refusing new sessions, disconnecting {} sockets over {} ms",
                trigger,
                clients,
                over.toMillis());
        // Closing happens on a thread of its own: the drain completes on a Netty thread, and Lettuce's
        // shutdown waits for Netty executors, so closing the adapter there would wait on itself.
        server.drain(over)
                .whenCompleteAsync(
                        (v, error) -> {
                            if (error != null) {
                                LOG.warn("drain ended with an error: {}", error.toString());
                            }
                            closeQuietly("adapter", adapter);
                            LOG.info("clients gone, client port and adapter closed");
                            clientsGone.complete(null);
                        },
                        GracefulShutdown::onCloserThread);
        return true;
    }

    private static void onCloserThread(Runnable task) {
        Thread closer = new Thread(task, "node-close");
        closer.setDaemon(true);
        closer.start();
    }

    /** Registers {@link #drain()} to run on SIGTERM/SIGINT, holding the JVM until it has finished. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::drainAndWait, "node-shutdown"));
    }

    private void drainAndWait() {
        try {
            drain().toCompletableFuture().get(period.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "drain did not finish within {} ms; exiting anyway",
                    period.plus(GRACE).toMillis());
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
