package org.socketiooperator.emitter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.socketiooperator.emitter.EmitterException;
import org.socketiooperator.emitter.RedisConnection;
import org.socketiooperator.emitter.wire.Outgoing;

/**
 * Sends PUBLISH / SPUBLISH over one Lettuce connection, standalone or Redis Cluster. The connection is
 * opened on first use and reopened after a failed attempt, so an emitter created while Redis is down
 * starts working once Redis is up. Every send completes or fails within {@code timeout}: commands that
 * wait for a reconnect are cancelled by Lettuce's command timeout, and a hard deadline covers the rest.
 *
 * <p>The emitter does not reuse the adapter module's connection code on purpose: it would pull the whole
 * adapter (subscriptions, request tables) into a library that only publishes.
 */
public final class RedisPublisher implements AutoCloseable {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    // Bounds memory when Redis is slow: beyond this many unanswered commands a send fails at once.
    private static final int REQUEST_QUEUE_SIZE = 100_000;

    private final RedisConnection target;
    private final Duration timeout;
    private final AbstractRedisClient client;
    private final Function<AbstractRedisClient, CompletableFuture<? extends StatefulConnection<String, byte[]>>> connector;
    private final Object lock = new Object();
    private final Set<CompletableFuture<Long>> inFlight = ConcurrentHashMap.newKeySet();
    private CompletableFuture<? extends StatefulConnection<String, byte[]>> connection;
    private boolean closed;

    private RedisPublisher(RedisConnection target, Duration timeout, AbstractRedisClient client,
                           Function<AbstractRedisClient, CompletableFuture<? extends StatefulConnection<String, byte[]>>> connector) {
        this.target = target;
        this.timeout = timeout;
        this.client = client;
        this.connector = connector;
    }

    public static RedisPublisher create(RedisConnection target, Duration timeout) {
        List<RedisURI> uris = target.uris().stream().map(uri -> redisUri(uri, target, timeout)).toList();
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
        if (target.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(uris);
            cluster.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                    .requestQueueSize(REQUEST_QUEUE_SIZE).build());
            return new RedisPublisher(target, timeout, cluster,
                    c -> connectCluster((RedisClusterClient) c));
        }
        RedisClient standalone = RedisClient.create();
        standalone.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                .requestQueueSize(REQUEST_QUEUE_SIZE).build());
        RedisURI uri = uris.get(0);
        return new RedisPublisher(target, timeout, standalone,
                c -> ((RedisClient) c).connectAsync(CODEC, uri).toCompletableFuture());
    }

    // connectAsync alone fails with "Partitions not initialized" on a fresh client: load the topology first
    private static CompletableFuture<? extends StatefulConnection<String, byte[]>> connectCluster(RedisClusterClient cluster) {
        return cluster.refreshPartitionsAsync().toCompletableFuture().thenCompose(ignored -> cluster.connectAsync(CODEC));
    }

    private static RedisURI redisUri(String uri, RedisConnection target, Duration timeout) {
        RedisURI.Builder builder = RedisURI.builder(RedisURI.create(uri)).withTimeout(timeout);
        if (target.password() != null) {
            builder.withAuthentication(target.username() == null ? "default" : target.username(),
                    target.password());
        }
        return builder.build();
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
                connection = connector.apply(client);
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
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        client.shutdown(Duration.ZERO, timeout);
    }
}
