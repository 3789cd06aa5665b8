package org.socketiooperator.adapter.sharded;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/** Keeps broadcasting numbered probes until one reaches a remote socket; says how long that took. */
final class DeliveryProbe {

    private DeliveryProbe() {}

    /** Milliseconds from {@code sinceNanos} until a probe sent by {@code sender} reached {@code receiver}. */
    static long awaitDelivery(
            NamespaceAdapter sender, BroadcastOptions opts, FakeSocket receiver, long sinceNanos, Duration atMost) {
        return awaitDelivery(sender, "/", opts, receiver, sinceNanos, atMost);
    }

    /** The same in namespace {@code nsp}. */
    static long awaitDelivery(
            NamespaceAdapter sender,
            String nsp,
            BroadcastOptions opts,
            FakeSocket receiver,
            long sinceNanos,
            Duration atMost) {
        String event = "probe-" + ShardedIds.next();
        await().atMost(atMost).pollInterval(Duration.ofMillis(25)).until(() -> {
            if (receiver.count(event) > 0) {
                return true;
            }
            sender.broadcast(EventPacket.of(nsp, event), opts);
            return false;
        });
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
    }
}
