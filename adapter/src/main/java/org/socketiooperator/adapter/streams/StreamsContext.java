package org.socketiooperator.adapter.streams;

import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.redis.RedisCounters;

/**
 * What every namespace of a streams adapter shares: the options, the command and Pub/Sub connections, the
 * counters, and the session store ({@code null} while the server's connection state recovery is off).
 */
record StreamsContext(
        StreamsOptions options,
        StreamCommands commands,
        RequestPubSub pubSub,
        RedisCounters counters,
        SessionStore sessions) {

    /** Whether broadcasts carry offsets: only when the server recovers sessions, as in the official adapter. */
    boolean recovery() {
        return sessions != null;
    }
}
