package org.socketiooperator.adapter.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * One namespace on each of a few Java nodes with one client each: client i on node i, as in the
 * upstream test topology. Built only once every node counts the others. The namespace is attached
 * before its client connects, as a server does, so the adapter sees the client's own room created.
 */
public final class Trio<A extends Adapter> implements AutoCloseable {

    private static final AtomicInteger FLUSHES = new AtomicInteger();

    public record Node<A extends Adapter>(
            A adapter, FakeNamespace local, NamespaceAdapter cluster, FakeSocket socket) {}

    public final String nsp;
    public final List<Node<A>> nodes = new ArrayList<>();

    public Trio(List<A> adapters, String nsp) {
        this.nsp = nsp;
        for (A adapter : adapters) {
            FakeNamespace local = new FakeNamespace(nsp);
            NamespaceAdapter cluster = adapter.attach(local);
            nodes.add(new Node<>(adapter, local, cluster, local.connect()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodes.get(0)
                                .cluster()
                                .serverCount()
                                .toCompletableFuture()
                                .join()
                        == adapters.size());
    }

    public Node<A> node(int oneBased) {
        return nodes.get(oneBased - 1);
    }

    public FakeSocket socket(int oneBased) {
        return node(oneBased).socket();
    }

    /**
     * Broadcasts a marker from {@code from} to every socket and waits for it everywhere: messages that
     * node published earlier have been delivered by then (Redis keeps one publisher's order).
     */
    public void flushFrom(int from) {
        String marker = "flush-" + FLUSHES.incrementAndGet();
        node(from).cluster().broadcast(EventPacket.of(nsp, marker), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> nodes.stream().allMatch(n -> n.socket().count(marker) == 1));
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.cluster().close());
    }
}
