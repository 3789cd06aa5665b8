package org.socketiooperator.adapter.factory;

import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.classic.ClassicAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.sharded.ShardedAdapter;
import org.socketiooperator.adapter.streams.StreamsAdapter;
import org.socketiooperator.redis.LentEventLoops;

/**
 * Builds the adapter a configuration asks for. A package of its own: it knows every mode, and the modes
 * know the adapter SPI, so it cannot live in the SPI's package without a cycle.
 */
public final class Adapters {

    private Adapters() {}

    public static Adapter create(AdapterConfig config) {
        return create(config, null);
    }

    /** As {@link #create(AdapterConfig)}, with every Redis connection on the host's event loops (null: Lettuce's). */
    public static Adapter create(AdapterConfig config, LentEventLoops loops) {
        return switch (config.mode()) {
            case CLASSIC -> ClassicAdapter.create(config, loops);
            case SHARDED -> new ShardedAdapter(config, loops);
            case STREAMS -> new StreamsAdapter(config, loops);
        };
    }
}
