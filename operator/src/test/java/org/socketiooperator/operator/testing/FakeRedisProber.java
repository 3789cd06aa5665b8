package org.socketiooperator.operator.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.operator.redis.ProbeOutcome;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.redis.RedisProber;
import org.socketiooperator.operator.redis.RedisTarget;

/** Answers by host name: unknown hosts are a healthy Redis 7.2; tests register other answers. */
public final class FakeRedisProber implements RedisProber {
    private final Map<String, ProbeOutcome> byHost = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    private volatile RedisTarget lastTarget;

    public FakeRedisProber answer(String host, ProbeOutcome outcome) {
        byHost.put(host, outcome);
        return this;
    }

    public int probes() {
        return probes.get();
    }

    public RedisTarget lastTarget() {
        return lastTarget;
    }

    @Override
    public ProbeOutcome probe(RedisTarget target) {
        probes.incrementAndGet();
        lastTarget = target;
        String host = target.seeds().get(0).host();
        return byHost.getOrDefault(
                host, new ProbeOutcome.Reachable(target.describe(), "7.2.4", DetectedTopology.STANDALONE, true));
    }
}
