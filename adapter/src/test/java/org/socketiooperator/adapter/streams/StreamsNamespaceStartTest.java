package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.adapter.testing.FakeNamespace;

/** The server count is the public channel's subscribers: a node must be answerable before it counts. */
class StreamsNamespaceStartTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Records subscriptions; each one is confirmed when the test says so. */
    private static final class ManualPubSub implements RequestPubSub {
        final List<String> subscribed = new ArrayList<>();
        final List<CompletableFuture<Void>> confirmations = new ArrayList<>();

        @Override
        public CompletionStage<Long> publish(String channel, byte[] payload) {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public synchronized CompletionStage<Void> subscribe(String channel) {
            subscribed.add(channel);
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            confirmations.add(confirmed);
            return confirmed;
        }

        @Override
        public void unsubscribe(String channel) {}

        @Override
        public CompletionStage<Long> numsub(String channel) {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public void close() {}
    }

    private StreamsNamespace namespace(ManualPubSub pubSub) {
        StreamsOptions options = StreamsNodes.options("start-test");
        StreamsContext context = new StreamsContext(options, null, pubSub, new RedisCounters(), null);
        return new StreamsNamespace(
                new FakeNamespace("/start"),
                "start-test-stream",
                context,
                new OwnEntriesInOrder(),
                new ReadWindow(100, 1 << 20, Duration.ofMinutes(2), System::currentTimeMillis),
                new PendingRequests<>(timer, () -> {}));
    }

    @Test
    void thePublicChannelIsAskedForOnlyOnceThePrivateOneIsConfirmed() {
        ManualPubSub pubSub = new ManualPubSub();
        StreamsNamespace namespace = namespace(pubSub);

        namespace.start();
        assertThat(pubSub.subscribed).containsExactly(namespace.privateChannel());

        pubSub.confirmations.get(0).complete(null);
        assertThat(pubSub.subscribed).containsExactly(namespace.privateChannel(), namespace.publicChannel());
    }

    @Test
    void aFailedPrivateSubscriptionStillLeadsToThePublicOne() {
        ManualPubSub pubSub = new ManualPubSub();
        StreamsNamespace namespace = namespace(pubSub);

        namespace.start();
        pubSub.confirmations.get(0).completeExceptionally(new IllegalStateException("Redis went away"));
        assertThat(pubSub.subscribed).containsExactly(namespace.privateChannel(), namespace.publicChannel());
    }

    @Test
    void aNamespaceClosedBeforeTheConfirmationNeverSubscribesThePublicChannel() {
        ManualPubSub pubSub = new ManualPubSub();
        StreamsNamespace namespace = namespace(pubSub);

        namespace.start();
        namespace.close();
        pubSub.confirmations.get(0).complete(null);
        assertThat(pubSub.subscribed).containsExactly(namespace.privateChannel());
    }
}
