package org.socketiooperator.adapter;

import org.socketiooperator.adapter.classic.ClassicAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.sharded.ShardedAdapter;

/** Builds the adapter a configuration asks for. */
public final class Adapters {

    private Adapters() {
    }

    public static Adapter create(AdapterConfig config) {
        return switch (config.mode()) {
            case CLASSIC -> ClassicAdapter.create(config);
            case SHARDED -> new ShardedAdapter(config);
        };
    }
}
