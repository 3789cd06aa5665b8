package org.socketiooperator.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Every stage-returning adapter method reports failures through its stage, never by throwing at the
 * caller (a Netty event loop in the node): bad arguments, an operation the mode does not have, and a
 * local namespace that throws. Runs against the in-memory, classic and sharded adapters (shared Redis).
 */
class StagePromiseIT {

    private static final RedisEndpoint REDIS = RedisEndpoint.standalone(SharedRedis.uri());

    @Test
    void inMemory() {
        try (Adapter adapter = new InMemoryAdapter()) {
            assertFailuresArriveThroughStages(adapter);
        }
    }

    @Test
    void classic() {
        try (Adapter adapter = Adapters.create(AdapterConfig.classic(REDIS).withKey(uniqueKey()))) {
            assertFailuresArriveThroughStages(adapter);
        }
    }

    @Test
    void shardedAlsoRefusesAllRoomsThroughTheStage() {
        try (Adapter adapter = Adapters.create(
                AdapterConfig.sharded(REDIS, SubscriptionMode.DYNAMIC).withKey(uniqueKey()))) {
            assertFailuresArriveThroughStages(adapter);
            NamespaceAdapter nsp = adapter.attach(new FakeNamespace("/rooms"));
            Throwable error = failureOf(nsp::allRooms);
            assertThat(error)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("not part of the sharded adapter protocol");
        }
    }

    private static void assertFailuresArriveThroughStages(Adapter adapter) {
        NamespaceAdapter fine = adapter.attach(new FakeNamespace("/fine"));
        assertThat(failureOf(() -> fine.broadcastWithAck(EventPacket.of("/fine", "e"), BroadcastOptions.ALL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");

        NamespaceAdapter broken = adapter.attach(new BrokenNamespace("/broken"));
        BroadcastOptions all = BroadcastOptions.ALL;
        List<Supplier<CompletionStage<?>>> operations = List.of(
                () -> broken.socketsJoin(all, List.of("r")),
                () -> broken.socketsLeave(all, List.of("r")),
                () -> broken.disconnectSockets(all, true),
                () -> broken.fetchSockets(all),
                () -> broken.broadcastWithAck(
                        EventPacket.of("/broken", "e"),
                        all.withFlags(all.flags().withTimeoutMs(1_000L))));
        for (Supplier<CompletionStage<?>> operation : operations) {
            assertThat(failureOf(operation))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(BrokenNamespace.MESSAGE);
        }
    }

    /** The exception the stage failed with; a method that throws instead fails the test. */
    private static Throwable failureOf(Supplier<? extends CompletionStage<?>> operation) {
        CompletionStage<?> stage = operation.get();
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("stage did not fail in time", e);
        }
        throw new AssertionError("stage completed normally");
    }

    private static String uniqueKey() {
        return "it-stages-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A node-side namespace whose socket operations blow up, as a buggy extension might. */
    private static final class BrokenNamespace implements LocalNamespace {

        static final String MESSAGE = "local namespace failed";
        private final String name;

        BrokenNamespace(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void broadcast(EventPacket packet, BroadcastOptions opts) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public int broadcastWithAck(EventPacket packet, BroadcastOptions opts, Consumer<Object> onClientAck) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public void addSocketsToRooms(BroadcastOptions opts, Collection<String> rooms) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public void removeSocketsFromRooms(BroadcastOptions opts, Collection<String> rooms) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public void disconnectSockets(BroadcastOptions opts, boolean close) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public List<SocketDetails> fetchSockets(BroadcastOptions opts) {
            throw new IllegalStateException(MESSAGE);
        }

        @Override
        public Set<String> rooms() {
            return Set.of();
        }

        @Override
        public boolean hasRoom(String room) {
            return false;
        }

        @Override
        public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
            // nothing to run
        }

        @Override
        public void addRoomListener(RoomListener listener) {
            // rooms never change
        }
    }
}
