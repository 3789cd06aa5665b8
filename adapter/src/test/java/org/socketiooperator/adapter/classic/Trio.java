package org.socketiooperator.adapter.classic;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * One namespace on each of three Java nodes with one client each: client i on node i, as in the
 * upstream test topology. Built only once every node's subscriptions are in place.
 */
final class Trio implements AutoCloseable {

    private static final AtomicInteger FLUSHES = new AtomicInteger();

    record Node(ClassicAdapter adapter, FakeNamespace local, NamespaceAdapter cluster, FakeSocket socket) {
    }

    final String nsp;
    final List<Node> nodes = new ArrayList<>();

    Trio(List<ClassicAdapter> adapters, String nsp) {
        this.nsp = nsp;
        for (ClassicAdapter adapter : adapters) {
            FakeNamespace local = new FakeNamespace(nsp);
            FakeSocket socket = local.connect();
            nodes.add(new Node(adapter, local, adapter.attach(local), socket));
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                nodes.get(0).cluster().serverCount().toCompletableFuture().join() == adapters.size());
    }

    Node node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    FakeSocket socket(int oneBased) {
        return node(oneBased).socket();
    }

    /**
     * Broadcasts a marker from {@code from} to every socket and waits for it everywhere: messages that
     * node published earlier have been delivered by then (Redis keeps one publisher's order).
     */
    void flushFrom(int from) {
        String marker = "flush-" + FLUSHES.incrementAndGet();
        node(from).cluster().broadcast(EventPacket.of(nsp, marker), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                nodes.stream().allMatch(n -> n.socket().count(marker) == 1));
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.cluster().close());
    }
}
