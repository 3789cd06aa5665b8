package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * A request whose publish failed never reaches another node, so no answer can come: it settles at once with the
 * local part instead of waiting out its 5 s deadline. Without Redis: three nodes counted, every publish refused.
 */
class ShardedUnsentRequestTest {

    /** Far below the requests' 5 s deadline. */
    private static final long QUICK_MS = 2_000;

    private final RefusingPubSub pubSub = new RefusingPubSub();
    private final ShardedAdapter adapter = new ShardedAdapter(
            AdapterConfig.sharded(RedisEndpoint.standalone("redis://127.0.0.1:1"), SubscriptionMode.DYNAMIC),
            handler -> pubSub);

    @AfterEach
    void stop() {
        adapter.close();
    }

    @Test
    void fetchSocketsSettlesWithTheLocalSocketsWhenTheRequestCouldNotBeSent() throws Exception {
        FakeNamespace local = new FakeNamespace("/");
        local.connect();
        ShardedNamespace namespace = (ShardedNamespace) adapter.attach(local);

        List<SocketDetails> sockets = namespace
                .fetchSockets(BroadcastOptions.ALL)
                .toCompletableFuture()
                .get(QUICK_MS, TimeUnit.MILLISECONDS);

        assertThat(sockets).hasSize(1);
        assertThat(namespace.pendingRequests()).isZero();
    }

    @Test
    void serverSideEmitWithAckSettlesEmptyWhenTheRequestCouldNotBeSent() throws Exception {
        ShardedNamespace namespace = (ShardedNamespace) adapter.attach(new FakeNamespace("/"));

        List<Object> answers = namespace
                .serverSideEmitWithAck(List.of("ping"))
                .toCompletableFuture()
                .get(QUICK_MS, TimeUnit.MILLISECONDS);

        assertThat(answers).isEmpty();
        assertThat(namespace.pendingRequests()).isZero();
    }

    private static final class RefusingPubSub implements ShardedPubSub {

        @Override
        public CompletableFuture<Void> subscribe(String channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Long> publish(String channel, byte[] payload) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is down"));
        }

        @Override
        public CompletableFuture<Long> shardNumSub(String channel) {
            return CompletableFuture.completedFuture(3L);
        }

        @Override
        public boolean connected() {
            return false;
        }

        @Override
        public void close() {}
    }
}
