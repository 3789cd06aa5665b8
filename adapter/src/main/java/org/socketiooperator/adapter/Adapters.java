package org.socketiooperator.adapter;

import org.socketiooperator.adapter.classic.ClassicAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;

/** Builds the adapter a configuration asks for. */
public final class Adapters {

    private Adapters() {
    }

    public static Adapter create(AdapterConfig config) {
        return switch (config.mode()) {
            case CLASSIC -> ClassicAdapter.create(config);
            case SHARDED -> throw new UnsupportedOperationException("sharded mode is not available yet");
        };
    }
}
