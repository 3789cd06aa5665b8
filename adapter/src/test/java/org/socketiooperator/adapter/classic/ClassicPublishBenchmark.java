package org.socketiooperator.adapter.classic;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * Throughput of one node's publish path: encode {@code [uid, packet, opts]} with MessagePack and
 * PUBLISH it, against the local Redis. Not a test: run it by hand (see adapter/README.md).
 * Arguments: [redis uri] [messages per round] [rounds].
 */
public final class ClassicPublishBenchmark {

    private ClassicPublishBenchmark() {}

    public static void main(String[] args) throws InterruptedException {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        AdapterConfig config = AdapterConfig.classic(RedisEndpoint.standalone(uri))
                .withKey("bench-" + UUID.randomUUID().toString().substring(0, 8));
        try (ClassicAdapter adapter = ClassicAdapter.create(config)) {
            NamespaceAdapter nsp = adapter.attach(new FakeNamespace("/bench"));
            EventPacket packet =
                    EventPacket.of("/bench", "chat", "hello from the benchmark", 42L, List.of("a", "b"), new byte[16]);
            BroadcastOptions toRoom = BroadcastOptions.toRoom("room-1");
            for (int round = 0; round <= rounds; round++) {
                long before = adapter.metrics().messagesPublished();
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    nsp.broadcast(packet, toRoom);
                    // Keep at most ~10k commands in flight so the measure is not just queueing.
                    if ((i & 1023) == 0) {
                        while (i - (adapter.metrics().messagesPublished() - before) > 10_000) {
                            Thread.onSpinWait();
                        }
                    }
                }
                while (adapter.metrics().messagesPublished() - before < messages) {
                    if (adapter.metrics().publishFailures() > 0) {
                        throw new IllegalStateException("publishes failed: " + adapter.metrics());
                    }
                    Thread.sleep(1); // benchmark harness: waiting for the last replies
                }
                double seconds = Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9;
                System.out.printf(
                        "%s round %d: %d messages in %.2f s = %,.0f messages/s (encode + PUBLISH)%n",
                        round == 0 ? "warm-up" : "measured", round, messages, seconds, messages / seconds);
            }
        }
    }
}
