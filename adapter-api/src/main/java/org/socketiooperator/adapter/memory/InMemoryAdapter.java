package org.socketiooperator.adapter.memory;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.adapter.recovery.RecoveryLimits;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * A cluster of one: every operation stays in this process. The node uses it when no Redis is configured.
 * Built {@link #withRecovery} it is the official {@code SessionAwareAdapter}'s counterpart: broadcasts carry
 * offsets and are kept, with the sessions of disconnected sockets, in a bounded {@link RecoveryBuffer}.
 */
public final class InMemoryAdapter implements Adapter {

    private final RecoveryBuffer recovery;

    public InMemoryAdapter() {
        this.recovery = null;
    }

    InMemoryAdapter(RecoveryBuffer recovery) {
        this.recovery = recovery;
    }

    public static InMemoryAdapter withRecovery(RecoveryLimits limits) {
        return new InMemoryAdapter(new RecoveryBuffer(limits, System::currentTimeMillis));
    }

    @Override
    public NamespaceAdapter attach(LocalNamespace namespace) {
        return new SingleNodeNamespace(namespace, recovery);
    }

    @Override
    public RecoveryMetrics recoveryMetrics() {
        return recovery == null ? RecoveryMetrics.NONE : recovery.metrics();
    }

    @Override
    public AdapterHealth health() {
        return AdapterHealth.up("in-memory adapter: single node, no Redis");
    }

    @Override
    public AdapterMetrics metrics() {
        return AdapterMetrics.ZERO;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private record SingleNodeNamespace(LocalNamespace local, RecoveryBuffer recovery) implements NamespaceAdapter {

        @Override
        public void broadcast(EventPacket packet, BroadcastOptions opts) {
            local.broadcast(recovery == null ? packet : recovery.keep(packet, opts), opts);
        }

        @Override
        public void persistSession(SocketSession session) {
            if (recovery != null) {
                recovery.persist(local.name(), session);
            }
        }

        @Override
        public CompletionStage<Optional<RestoredSession>> restoreSession(String pid, String offset) {
            if (recovery == null || !Offsets.plausible(pid) || !Offsets.plausible(offset)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(recovery.restore(local.name(), pid, offset));
        }

        @Override
        public Comparator<String> offsetOrder() {
            return recovery == null ? null : recovery.offsetOrder();
        }

        @Override
        public CompletionStage<List<List<Object>>> packetsSince(List<String> rooms, String offset) {
            return CompletableFuture.completedFuture(
                    recovery == null ? List.of() : recovery.packetsSince(local.name(), rooms, offset));
        }

        /** The same collector as the cluster adapters, with this node as the only one to report. */
        @Override
        public CompletionStage<List<Object>> broadcastWithAck(EventPacket packet, BroadcastOptions opts) {
            return Stages.guard(() -> {
                Long timeout = opts.flags().timeoutMs();
                if (timeout == null) {
                    return CompletableFuture.failedFuture(
                            new IllegalArgumentException("broadcast with acknowledgements needs a timeout"));
                }
                AckCollector<Void> request = new AckCollector<>(noRemoteAnswers -> null);
                request.expectReports(1);
                int clients = local.broadcastWithAck(packet, opts, ack -> {
                    request.ack(ack);
                    completeIfSatisfied(request);
                });
                request.nodeReported(clients);
                completeIfSatisfied(request);
                CompletableFuture.delayedExecutor(timeout, TimeUnit.MILLISECONDS)
                        .execute(request::expire);
                return request.result();
            });
        }

        /** Completing twice, or expiring after completing, changes nothing: the first outcome stands. */
        private static void completeIfSatisfied(AckCollector<Void> request) {
            if (request.isSatisfied()) {
                request.complete();
            }
        }

        @Override
        public CompletionStage<Void> socketsJoin(BroadcastOptions opts, Collection<String> rooms) {
            return Stages.guard(() -> {
                local.addSocketsToRooms(opts, rooms);
                return CompletableFuture.completedFuture(null);
            });
        }

        @Override
        public CompletionStage<Void> socketsLeave(BroadcastOptions opts, Collection<String> rooms) {
            return Stages.guard(() -> {
                local.removeSocketsFromRooms(opts, rooms);
                return CompletableFuture.completedFuture(null);
            });
        }

        @Override
        public CompletionStage<Void> disconnectSockets(BroadcastOptions opts, boolean close) {
            return Stages.guard(() -> {
                local.disconnectSockets(opts, close);
                return CompletableFuture.completedFuture(null);
            });
        }

        @Override
        public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
            return Stages.guard(() -> CompletableFuture.completedFuture(local.fetchSockets(opts)));
        }

        @Override
        public void serverSideEmit(List<Object> eventAndArgs) {
            // no other node to reach
        }

        @Override
        public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Integer> serverCount() {
            return CompletableFuture.completedFuture(1);
        }

        @Override
        public CompletionStage<Set<String>> allRooms() {
            return Stages.guard(() -> CompletableFuture.completedFuture(Set.copyOf(local.rooms())));
        }

        @Override
        public void close() {
            // nothing subscribed
        }
    }
}
