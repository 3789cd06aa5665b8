package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * Attaching a namespace never waits for Redis: the server attaches namespaces on its event loops (inside
 * a map's computeIfAbsent), where an unanswered SSUBSCRIBE must not hold anything up. Without Redis: a
 * stand-in Pub/Sub layer whose subscriptions complete only when the test says so.
 */
class ShardedAttachTest {

    /** Far below the 5 s command timeout the adapter used to wait, far above what attaching takes. */
    private static final Duration QUICK = Duration.ofSeconds(1);

    private final HeldPubSub pubSub = new HeldPubSub();
    private final ShardedAdapter adapter = new ShardedAdapter(
            AdapterConfig.sharded(RedisEndpoint.standalone("redis://127.0.0.1:1"), SubscriptionMode.DYNAMIC),
            handler -> {
                pubSub.handler = handler;
                return pubSub;
            });

    @AfterEach
    void stop() {
        pubSub.subscriptions.values().forEach(f -> f.complete(null));
        adapter.close();
    }

    @Test
    void attachReturnsAtOnceWhileTheSubscriptionsAreUnanswered() throws Exception {
        FakeNamespace local = new FakeNamespace("/");

        long start = System.nanoTime();
        ShardedNamespace attached = (ShardedNamespace)
                CompletableFuture.supplyAsync(() -> adapter.attach(local)).get(QUICK.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
        String namespaceChannel = attached.channels().namespaceChannel();
        String responseChannel = attached.channels().responseChannel(attached.uid());
        // answers first: the server count is the namespace channel's subscribers, and a node it counts must be
        // answerable (on a cluster the two channels can sit on different masters, confirmed in any order)
        assertThat(pubSub.subscriptions).containsOnlyKeys(responseChannel);
        assertThat(pubSub.subscriptions.values()).noneMatch(CompletableFuture::isDone);
        pubSub.subscriptions.get(responseChannel).complete(null);
        assertThat(pubSub.subscriptions).containsOnlyKeys(namespaceChannel, responseChannel);

        // Redis confirms later: what arrives on the channel then reaches the namespace's sockets
        FakeSocket socket = local.connect();
        pubSub.subscriptions.values().forEach(f -> f.complete(null));
        pubSub.handler.onMessage(
                namespaceChannel,
                ClusterMessageCodec.encode(
                        new Broadcast("another-node-uid", "/", List.of("hello", "world"), BroadcastOptions.ALL, null)));
        assertThat(socket.argsOf("hello")).containsExactly("world");
    }

    @Test
    void attachingInsideComputeIfAbsentDoesNotHoldTheMapWhileRedisIsSilent() throws Exception {
        Map<String, NamespaceAdapter> namespaces = new ConcurrentHashMap<>();

        CompletableFuture<NamespaceAdapter> first = CompletableFuture.supplyAsync(
                () -> namespaces.computeIfAbsent("/a", name -> adapter.attach(new FakeNamespace(name))));
        CompletableFuture<NamespaceAdapter> second = CompletableFuture.supplyAsync(
                () -> namespaces.computeIfAbsent("/b", name -> adapter.attach(new FakeNamespace(name))));

        assertThat(first.get(QUICK.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(second.get(QUICK.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(adapter.namespaces()).hasSize(2);
    }

    @Test
    void aRefusedSubscriptionIsNotThrownAtTheCaller() {
        pubSub.refuse = true;
        FakeNamespace local = new FakeNamespace("/");

        NamespaceAdapter attached = adapter.attach(local);

        assertThat(attached).isNotNull();
        FakeSocket socket = local.connect();
        local.join(socket.id(), "room");
        // the room channel is still asked for: the Pub/Sub layer remembers it for its own resubscribing
        assertThat(pubSub.subscriptions)
                .containsKey(((ShardedNamespace) attached).channels().roomChannel("room"));
        // and a refused answer channel does not keep the namespace channel from being asked for
        assertThat(pubSub.subscriptions)
                .containsKey(((ShardedNamespace) attached).channels().namespaceChannel());
    }

    /** Subscriptions stay pending until completed by the test (or fail at once when refusing). */
    private static final class HeldPubSub implements ShardedPubSub {

        final Map<String, CompletableFuture<Void>> subscriptions = new ConcurrentHashMap<>();
        volatile MessageHandler handler;
        volatile boolean refuse;

        @Override
        public CompletableFuture<Void> subscribe(String channel) {
            CompletableFuture<Void> result = refuse
                    ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                    : new CompletableFuture<>();
            subscriptions.put(channel, result);
            return result;
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String channel) {
            subscriptions.remove(channel);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Long> publish(String channel, byte[] payload) {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public CompletableFuture<Long> shardNumSub(String channel) {
            return CompletableFuture.completedFuture(1L);
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public void close() {}
    }
}
