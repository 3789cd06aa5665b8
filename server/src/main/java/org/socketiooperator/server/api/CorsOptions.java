package org.socketiooperator.server.api;

import java.util.List;
import java.util.Objects;

/**
 * Which foreign origins may talk to the server. Empty means same-origin only; {@code "*"} means any
 * origin, which browsers refuse together with credentials, so that combination is rejected here.
 */
public record CorsOptions(List<String> origins, boolean credentials) {

    public static final CorsOptions SAME_ORIGIN_ONLY = new CorsOptions(List.of(), false);

    public CorsOptions {
        origins = List.copyOf(Objects.requireNonNull(origins, "origins"));
        if (credentials && origins.contains("*")) {
            throw new IllegalArgumentException("CORS origin '*' cannot be combined with credentials");
        }
    }

    public boolean anyOrigin() {
        return origins.contains("*");
    }
}
