package org.socketiooperator.adapter.failover;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/** One Java node of a failover test: its adapter, one namespace and one connected client. */
record Member(Adapter adapter, FakeNamespace local, NamespaceAdapter cluster, FakeSocket socket) {

    static Member join(Adapter adapter, String nsp) {
        FakeNamespace local = new FakeNamespace(nsp);
        NamespaceAdapter cluster = adapter.attach(local);
        return new Member(adapter, local, cluster, local.connect());
    }

    long serverCount() {
        return cluster.serverCount().toCompletableFuture().join();
    }

    /**
     * Keeps broadcasting one fresh event until it reaches {@code receiver} (messages sent while Redis
     * fails over are lost, as with Node); returns the milliseconds since {@code sinceNanos}.
     */
    long broadcastUntilDelivered(BroadcastOptions opts, FakeSocket receiver, long sinceNanos, Duration atMost) {
        String event = "probe-" + System.nanoTime();
        await().atMost(atMost).pollInterval(Duration.ofMillis(25)).until(() -> {
            if (receiver.count(event) > 0) {
                return true;
            }
            cluster.broadcast(EventPacket.of(local.name(), event), opts);
            return false;
        });
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
    }
}
