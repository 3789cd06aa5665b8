package org.socketiooperator.adapter.classic;

import java.util.concurrent.ScheduledExecutorService;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.redis.RedisPubSub;
import org.socketiooperator.protocol.classic.ClassicCodec;

/** What every namespace of one process shares: options, connections, timers and counters. */
record ClassicNode(
        AdapterConfig config,
        ClassicCodec codec,
        RedisPubSub redis,
        ScheduledExecutorService scheduler,
        RedisCounters counters,
        RateLimitedLog malformedLog) {}
