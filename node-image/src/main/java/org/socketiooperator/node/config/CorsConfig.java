package org.socketiooperator.node.config;

import java.util.List;

/** Allowed cross-origin callers; no origins means same-origin only. */
public record CorsConfig(List<String> origins, boolean credentials) {

    public CorsConfig {
        origins = List.copyOf(origins);
    }

    public boolean anyOrigin() {
        return origins.contains("*");
    }
}
