package org.socketiooperator.adapter.testing;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.socketiooperator.testsupport.RedisServer;

/**
 * A freshly created cluster reports {@code cluster_state:ok} before every bus link is up, and a PUBLISH
 * is only forwarded over links that exist. Waits until a message published on each node reaches a
 * subscriber on every node.
 */
public final class ClusterBusWarmup {

    private ClusterBusWarmup() {}

    public static void awaitPropagation(List<RedisServer> nodes, Duration timeout) {
        List<RedisClient> clients = new ArrayList<>();
        try {
            List<Set<String>> seen = new ArrayList<>();
            List<StatefulRedisConnection<String, String>> publishers = new ArrayList<>();
            for (RedisServer node : nodes) {
                RedisClient client = RedisClient.create(node.uri());
                clients.add(client);
                Set<String> received = ConcurrentHashMap.newKeySet();
                seen.add(received);
                StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        received.add(message);
                    }
                });
                sub.sync().subscribe("warmup");
                publishers.add(client.connect());
            }
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (int i = 0; i < publishers.size(); i++) {
                    publishers.get(i).sync().publish("warmup", "from-" + i);
                }
                return seen.stream().allMatch(s -> s.size() == publishers.size());
            });
        } finally {
            clients.forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(1)));
        }
    }
}
