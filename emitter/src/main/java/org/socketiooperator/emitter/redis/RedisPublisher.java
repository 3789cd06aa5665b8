package org.socketiooperator.emitter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.emitter.EmitterException;
import org.socketiooperator.emitter.wire.Outgoing;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;

/**
 * Sends PUBLISH / SPUBLISH over one Lettuce connection, standalone or Redis Cluster, built by the
 * project's shared {@link RedisClients} (same endpoint type, TLS, resources and policy as the adapter).
 * The connection is opened on first use and reopened after a failed attempt, so an emitter created while
 * Redis is down starts working once Redis is up. Every send completes or fails within {@code timeout}:
 * while the connection is down a send fails at once, a command Redis does not answer is cancelled by
 * Lettuce's command timeout, and a hard deadline covers the rest.
 */
public final class RedisPublisher implements AutoCloseable {

    private final RedisEndpoint target;
    private final Duration timeout;
    private final RedisClients clients;
    private final AbstractRedisClient client;
    private final Object lock = new Object();
    private final Set<CompletableFuture<Long>> inFlight = ConcurrentHashMap.newKeySet();
    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connection;
    /** Keeps a cluster's master connections open once connected (null for a standalone server). */
    private volatile MasterConnections masters;
    private boolean closed;

    private RedisPublisher(RedisEndpoint target, Duration timeout, RedisClients clients, AbstractRedisClient client) {
        this.target = target;
        this.timeout = timeout;
        this.clients = clients;
        this.client = client;
    }

    public static RedisPublisher create(RedisEndpoint target, Duration timeout) {
        RedisClients clients = RedisClients.open(target, timeout, null);
        try {
            AbstractRedisClient client = target.topology() == RedisEndpoint.Topology.CLUSTER
                    ? clients.clusterClient() : clients.standaloneClient();
            return new RedisPublisher(target, timeout, clients, client);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connect() {
        if (client instanceof RedisClusterClient cluster) {
            // connectAsync alone fails with "Partitions not initialized" on a fresh client: load the topology first
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(ignored -> cluster.connectAsync(RedisClients.CODEC))
                    .thenCompose(this::openMasters);
        }
        RedisClient standalone = (RedisClient) client;
        RedisURI uri = clients.uri(target.uris().get(0));
        return standalone.connectAsync(RedisClients.CODEC, uri).toCompletableFuture();
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

    /** Completes with the number of receivers Redis reported, or fails with an {@link EmitterException}. */
    public CompletableFuture<Long> send(Outgoing message) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        CompletableFuture<? extends StatefulConnection<String, byte[]>> current;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new EmitterException("the emitter is closed"));
            }
            if (connection == null || connection.isCompletedExceptionally()) {
                // a failed attempt is forgotten so that the next send tries again
                connection = connect();
            }
            current = connection;
            inFlight.add(done);
        }
        current.thenCompose(c -> publish(c, message))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((count, error) -> {
                    inFlight.remove(done);
                    if (error != null) {
                        done.completeExceptionally(describe(message, error));
                    } else {
                        done.complete(count);
                    }
                });
        return done;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Long> publish(StatefulConnection<String, byte[]> connection, Outgoing message) {
        BaseRedisAsyncCommands<String, byte[]> commands = connection instanceof StatefulRedisConnection<?, ?> standalone
                ? (BaseRedisAsyncCommands<String, byte[]>) standalone.async()
                : ((StatefulRedisClusterConnection<String, byte[]>) connection).async();
        var reply = message.command() == Outgoing.Command.SPUBLISH
                ? commands.spublish(message.channel(), message.payload())
                : commands.publish(message.channel(), message.payload());
        return reply.toCompletableFuture();
    }

    private EmitterException describe(Outgoing message, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof EmitterException emitterException) {
            return emitterException;
        }
        if (cause instanceof TimeoutException || cause instanceof io.lettuce.core.RedisCommandTimeoutException) {
            return new EmitterException("Redis at " + target.uris() + " did not accept " + message.command()
                    + " on " + message.channel() + " within " + timeout, cause);
        }
        if (cause instanceof io.lettuce.core.RedisConnectionException) {
            return new EmitterException("cannot connect to Redis at " + target.uris() + ": " + rootMessage(cause), cause);
        }
        return new EmitterException(message.command() + " on " + message.channel() + " failed: "
                + rootMessage(cause), cause);
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
