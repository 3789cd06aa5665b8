package org.socketiooperator.emitter;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.emitter.wire.Outgoing;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;

/**
 * Sends PUBLISH / SPUBLISH / XADD over one Lettuce connection, standalone or Redis Cluster, built by the
 * project's shared {@link RedisClients} (same endpoint type, TLS, resources and policy as the adapter).
 * The connection is opened on first use and reopened after a failed attempt, so an emitter created while
 * Redis is down starts working once Redis is up. Every send completes or fails within {@code timeout}:
 * while the connection is down a send fails at once, a command Redis does not answer is cancelled by
 * Lettuce's command timeout, and a hard deadline covers the rest.
 *
 * <p><b>Publish path.</b> The connection is the publisher's own, so it does not flush per command
 * ({@code setAutoFlushCommands(false)}): a send only queues its command, and the first send after a flush
 * asks Lettuce's event executor for the next flush, which writes every command queued meanwhile in one
 * write (the Node.js client does the same for the commands of one tick). The hard deadline is not a timer
 * per send: sends wait in one FIFO that a periodic sweep checks ({@link #sweepPeriod}).
 *
 * <p><b>Back-pressure.</b> At most {@code maxInFlight} sends wait for Redis. When that many are in flight, a
 * send blocks its caller until one completes, at most {@code timeout}, then fails with "emitter saturated";
 * on one of Lettuce's (Netty) threads, where blocking would stall the replies it waits for, it fails at once.
 */
final class RedisPublisher implements AutoCloseable {

    /** How many sends may wait for Redis at once, by default. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 16_384;

    private final RedisEndpoint target;
    private final Duration timeout;
    private final RedisClients clients;
    private final AbstractRedisClient client;
    private final int maxInFlight;
    private final Semaphore permits;
    private final Object lock = new Object();
    /** Sends not completed yet (and completed ones the sweep has not removed), in send order. */
    private final ConcurrentLinkedQueue<Pending> inFlight = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final EventExecutor flusher;
    private final long sweepPeriodNanos;
    private final ScheduledFuture<?> sweep;
    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connection;
    /** Keeps a cluster's master connections open once connected (null for a standalone server). */
    private volatile MasterConnections masters;

    private boolean closed;

    private record Pending(CompletableFuture<Long> done, long deadline, Outgoing.Command command, String channel) {}

    private RedisPublisher(
            RedisEndpoint target, Duration timeout, int maxInFlight, RedisClients clients, AbstractRedisClient client) {
        this.target = target;
        this.timeout = timeout;
        this.clients = clients;
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.flusher = clients.resources().eventExecutorGroup().next();
        this.sweepPeriodNanos = sweepPeriod(timeout).toNanos();
        this.sweep = flusher.scheduleAtFixedRate(this::sweep, sweepPeriodNanos, sweepPeriodNanos, TimeUnit.NANOSECONDS);
    }

    public static RedisPublisher create(RedisEndpoint target, Duration timeout) {
        return create(target, timeout, DEFAULT_MAX_IN_FLIGHT);
    }

    public static RedisPublisher create(RedisEndpoint target, Duration timeout, int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > RedisClients.REQUEST_QUEUE_SIZE) {
            throw new IllegalArgumentException(
                    "maxInFlight must be between 1 and " + RedisClients.REQUEST_QUEUE_SIZE + ", got " + maxInFlight);
        }
        RedisClients clients = RedisClients.open(target, timeout, null);
        try {
            AbstractRedisClient client = target.topology() == RedisEndpoint.Topology.CLUSTER
                    ? clients.clusterClient()
                    : clients.standaloneClient();
            return new RedisPublisher(target, timeout, maxInFlight, clients, client);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /** How often the hard deadline is checked: a twentieth of the timeout, between 1 and 100 ms. */
    static Duration sweepPeriod(Duration timeout) {
        long millis = Math.max(1, Math.min(100, timeout.toMillis() / 20));
        return Duration.ofMillis(millis);
    }

    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connect() {
        if (client instanceof RedisClusterClient cluster) {
            // connectAsync alone fails with "Partitions not initialized" on a fresh client: load the topology first
            return cluster.refreshPartitionsAsync()
                    .toCompletableFuture()
                    .thenCompose(ignored -> cluster.connectAsync(RedisClients.CODEC))
                    .thenCompose(this::openMasters)
                    .thenApply(RedisPublisher::batched);
        }
        RedisClient standalone = (RedisClient) client;
        RedisURI uri = clients.uri(target.uris().get(0));
        return standalone
                .connectAsync(RedisClients.CODEC, uri)
                .toCompletableFuture()
                .thenApply(RedisPublisher::batched);
    }

    private static <C extends StatefulConnection<String, byte[]>> C batched(C connection) {
        connection.setAutoFlushCommands(false);
        return connection;
    }

    private CompletableFuture<StatefulRedisClusterConnection<String, byte[]>> openMasters(
            StatefulRedisClusterConnection<String, byte[]> cluster) {
        MasterConnections following = MasterConnections.follow(cluster, clients.resources());
        MasterConnections previous = masters;
        masters = following;
        if (previous != null) {
            previous.close();
        }
        return following.openAll().thenApply(ignored -> cluster);
    }

    /** The most sends that wait for Redis at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Completes with the number of receivers Redis reported (null for XADD), or fails with an
     * {@link EmitterException}.
     */
    public CompletableFuture<Long> send(Outgoing message) {
        if (!permits.tryAcquire()) {
            EmitterException saturated = awaitPermit();
            if (saturated != null) {
                return CompletableFuture.failedFuture(saturated);
            }
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        CompletableFuture<? extends StatefulConnection<String, byte[]>> current;
        synchronized (lock) {
            if (closed) {
                permits.release();
                return CompletableFuture.failedFuture(new EmitterException("the emitter is closed"));
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                // a failed attempt is forgotten so that the next send tries again
                connection = connect();
            }
            current = connection;
            inFlight.add(new Pending(
                    done,
                    System.nanoTime() + timeout.toNanos() - sweepPeriodNanos,
                    message.command(),
                    message.channel()));
        }
        if (current.isDone() && !current.isCompletedExceptionally()) {
            publish(current.join(), message, done); // the usual case: no stage per send for the connection
        } else {
            current.whenComplete((c, error) -> {
                if (error != null) {
                    fail(done, message, error);
                } else {
                    publish(c, message, done);
                }
            });
        }
        return done;
    }

    private EmitterException awaitPermit() {
        Thread thread = Thread.currentThread();
        if (thread instanceof FastThreadLocalThread) { // a Netty thread: blocking could stall the replies
            return saturated(Duration.ZERO);
        }
        try {
            return permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS) ? null : saturated(timeout);
        } catch (InterruptedException e) {
            thread.interrupt();
            return new EmitterException("interrupted while the emitter was saturated", e);
        }
    }

    private EmitterException saturated(Duration waited) {
        return new EmitterException("emitter saturated: " + maxInFlight + " emits already waiting for Redis at "
                + target.uris()
                + (waited.isZero() ? " (not waiting on a Redis client thread)" : ", none completed within " + waited));
    }

    @SuppressWarnings("unchecked")
    private void publish(
            StatefulConnection<String, byte[]> connection, Outgoing message, CompletableFuture<Long> done) {
        try {
            BaseRedisAsyncCommands<String, byte[]> commands =
                    connection instanceof StatefulRedisConnection<?, ?> standalone
                            ? (BaseRedisAsyncCommands<String, byte[]>) standalone.async()
                            : ((StatefulRedisClusterConnection<String, byte[]>) connection).async();
            CompletionStage<Long> reply = switch (message.command()) {
                case SPUBLISH -> commands.spublish(message.channel(), message.payload());
                case PUBLISH -> commands.publish(message.channel(), message.payload());
                case XADD -> append(connection, message);
            };
            reply.whenComplete((count, error) -> {
                if (error != null) {
                    fail(done, message, error);
                } else if (done.complete(count)) {
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            fail(done, message, e);
            return;
        }
        if (flushRequested.compareAndSet(false, true)) {
            flusher.execute(() -> flush(connection));
        }
    }

    /** XADD; its reply (the entry id) is not a receiver count, so the send completes with null. */
    @SuppressWarnings("unchecked")
    private static CompletionStage<Long> append(StatefulConnection<String, byte[]> connection, Outgoing message) {
        RedisStreamAsyncCommands<String, byte[]> streams =
                connection instanceof StatefulRedisConnection<?, ?> standalone
                        ? (RedisStreamAsyncCommands<String, byte[]>) standalone.async()
                        : ((StatefulRedisClusterConnection<String, byte[]>) connection).async();
        List<String> fields = message.fields();
        Object[] pairs = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i += 2) {
            pairs[i] = fields.get(i);
            pairs[i + 1] = fields.get(i + 1).getBytes(StandardCharsets.UTF_8);
        }
        // MAXLEN ~ as the official adapter: Redis trims whole macro nodes, cheaply, to at least maxLen entries
        XAddArgs args = new XAddArgs().maxlen(message.maxLen()).approximateTrimming();
        return streams.xadd(message.channel(), args, pairs).thenApply(id -> null);
    }

    /** Writes every command queued since the last flush in one go. */
    private void flush(StatefulConnection<String, byte[]> connection) {
        flushRequested.set(false); // before flushing: a command queued from now on asks for the next flush
        connection.flushCommands();
    }

    private void fail(CompletableFuture<Long> done, Outgoing message, Throwable error) {
        if (done.completeExceptionally(describe(message.command(), message.channel(), error))) {
            permits.release();
        }
    }

    /** Fails the sends past their deadline, forgets the completed ones. */
    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Pending> it = inFlight.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.done.isDone()) {
                it.remove();
            } else if (now - pending.deadline >= 0) {
                it.remove();
                if (pending.done.completeExceptionally(
                        describe(pending.command, pending.channel, new TimeoutException()))) {
                    permits.release();
                }
            }
        }
    }

    private EmitterException describe(Outgoing.Command command, String channel, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof EmitterException emitterException) {
            return emitterException;
        }
        if (cause instanceof TimeoutException || cause instanceof io.lettuce.core.RedisCommandTimeoutException) {
            return new EmitterException(
                    "Redis at " + target.uris() + " did not accept " + command + " on " + channel + " within "
                            + timeout,
                    cause);
        }
        if (cause instanceof io.lettuce.core.RedisConnectionException) {
            return new EmitterException(
                    "cannot connect to Redis at " + target.uris() + ": " + rootMessage(cause), cause);
        }
        return new EmitterException(command + " on " + channel + " failed: " + rootMessage(cause), cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root + ")";
    }

    /**
     * Lets the publishes already sent finish (up to the timeout), then closes the connection and the
     * client's threads; later sends fail at once.
     */
    @Override
    public void close() {
        CompletableFuture<? extends StatefulConnection<String, byte[]>> current;
        List<CompletableFuture<Long>> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = connection;
            pending = inFlight.stream().map(Pending::done).toList();
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // each caller sees its own failure on its own stage
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sweep.cancel(false);
        for (CompletableFuture<Long> left : pending) { // only after an interrupt: the sweep fails the others in time
            if (left.completeExceptionally(new EmitterException("the emitter was closed before Redis answered"))) {
                permits.release();
            }
        }
        MasterConnections following = masters;
        if (following != null) {
            following.close();
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        try {
            client.shutdown(Duration.ZERO, timeout);
        } finally {
            clients.close();
        }
    }
}
