package org.socketiooperator.adapter.factory;

import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.classic.ClassicAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.sharded.ShardedAdapter;
import org.socketiooperator.adapter.streams.StreamsAdapter;

/**
 * Builds the adapter a configuration asks for. A package of its own: it knows every mode, and the modes
 * know the adapter SPI, so it cannot live in the SPI's package without a cycle.
 */
public final class Adapters {

    private Adapters() {}

    public static Adapter create(AdapterConfig config) {
        return switch (config.mode()) {
            case CLASSIC -> ClassicAdapter.create(config);
            case SHARDED -> new ShardedAdapter(config);
            case STREAMS -> new StreamsAdapter(config);
        };
    }
}
