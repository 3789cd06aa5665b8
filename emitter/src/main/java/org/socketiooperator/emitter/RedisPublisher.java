package org.socketiooperator.emitter;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.protocol.CommandType;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import org.socketiooperator.redis.RespCommand;

/**
 * Sends PUBLISH / SPUBLISH / XADD over one Lettuce connection, standalone or Redis Cluster, built by the
 * project's shared {@link RedisClients} (same endpoint type, TLS, resources and policy as the adapter).
 * The connection is opened on first use and reopened after a failed attempt, so an emitter created while
 * Redis is down starts working once Redis is up. Every send completes or fails within {@code timeout}:
 * while the connection is down a send fails at once, a command Redis does not answer is cancelled by
 * the sweep's deadline.
 *
 * <p><b>Publish path.</b> The connection is the publisher's own, so it does not flush per command
 * ({@code setAutoFlushCommands(false)}): a send only queues its command, and the first send after a flush
 * asks Lettuce's event executor for the next flush, which writes every command queued meanwhile in one
 * write (the Node.js client does the same for the commands of one tick). A send is one {@link RespCommand}:
 * its RESP bytes are built on the caller's thread, it is its caller's future, and Lettuce starts no timer for
 * it; the event loop copies its bytes and completes it, nothing more. The deadline is not a timer per send
 * either: sends wait in one FIFO that a periodic sweep checks ({@link #sweepPeriod}).
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
    private final ConcurrentLinkedQueue<Send> inFlight = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final EventExecutor flusher;
    private final long sweepPeriodNanos;
    private final ScheduledFuture<?> sweep;
    private volatile CompletableFuture<? extends StatefulConnection<String, byte[]>> connection;
    /** Keeps a cluster's master connections open once connected (null for a standalone server). */
    private volatile MasterConnections masters;

    private volatile boolean closed;

    /** One send: its command, its caller's future, its deadline; settling it gives its permit back. */
    private final class Send extends RespCommand<Void> {
        final long deadline;

        Send(Outgoing message, long deadline) {
            super(message.command() == Outgoing.Command.SPUBLISH, message.channel(), message.payload());
            this.deadline = deadline;
        }

        Send(String stream, long maxLen, List<String> fields, long deadline) {
            super(stream, maxLen, fields);
            this.deadline = deadline;
        }

        @Override
        protected Void result(Long reply) {
            return null;
        }

        @Override
        protected Throwable failure(Throwable error) {
            return describe((CommandType) getType(), key(), error);
        }

        @Override
        public boolean ownDeadline() {
            return true;
        }

        @Override
        protected void onSettled() {
            permits.release();
        }
    }

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

    /** Completes when Redis accepted the command, or fails with an {@link EmitterException}. */
    public CompletableFuture<Void> send(Outgoing message) {
        if (!permits.tryAcquire()) {
            EmitterException saturated = awaitPermit();
            if (saturated != null) {
                return CompletableFuture.failedFuture(saturated);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos() - sweepPeriodNanos;
        Send send = message.command() == Outgoing.Command.XADD
                ? new Send(message.channel(), message.maxLen(), message.fields(), deadline)
                : new Send(message, deadline);
        if (closed) {
            send.fail(new EmitterException("the emitter is closed"));
            return send;
        }
        CompletableFuture<? extends StatefulConnection<String, byte[]>> current = connection();
        inFlight.add(send);
        if (closed) { // close() may have listed the sends in flight before this one was added
            send.fail(new EmitterException("the emitter is closed"));
            return send;
        }
        if (current.isDone() && !current.isCompletedExceptionally()) {
            dispatch(current.join(), send); // the usual case: no stage per send for the connection
        } else {
            current.whenComplete((c, error) -> {
                if (error != null) {
                    send.fail(error);
                } else {
                    dispatch(c, send);
                }
            });
        }
        return send;
    }

    /** The connection (being) opened; a failed attempt is forgotten so that the next send tries again. */
    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connection() {
        CompletableFuture<? extends StatefulConnection<String, byte[]>> current = connection;
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        synchronized (lock) {
            if (connection == null || connection.isCompletedExceptionally()) {
                connection = connect();
            }
            return connection;
        }
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

    /** Queues the command on the connection (not flushed: autoflush is off) and asks for the next flush. */
    private void dispatch(StatefulConnection<String, byte[]> connection, Send send) {
        try {
            connection.dispatch(send);
        } catch (RuntimeException e) {
            send.fail(e);
            return;
        }
        if (!flushRequested.get() && flushRequested.compareAndSet(false, true)) {
            flusher.execute(() -> flush(connection));
        }
    }

    /** Writes every command queued since the last flush in one go. */
    private void flush(StatefulConnection<String, byte[]> connection) {
        flushRequested.set(false); // before flushing: a command queued from now on asks for the next flush
        connection.flushCommands();
    }

    /** Fails the sends past their deadline, forgets the completed ones. */
    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Send> it = inFlight.iterator(); it.hasNext(); ) {
            Send send = it.next();
            if (send.settled()) {
                it.remove();
            } else if (now - send.deadline >= 0) {
                it.remove();
                send.fail(new TimeoutException());
            }
        }
    }

    private EmitterException describe(CommandType command, String channel, Throwable error) {
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
        List<Send> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = connection;
            pending = List.copyOf(inFlight);
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
        for (Send left : pending) { // only after an interrupt: the sweep fails the others in time
            left.fail(new EmitterException("the emitter was closed before Redis answered"));
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
