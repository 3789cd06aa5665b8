package org.socketiooperator.server.cors;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.socketiooperator.server.api.CorsOptions;

/**
 * Decides whether a request from another origin may reach the server and which CORS headers answer it.
 * Same-origin requests (Origin matching Host) and requests without an Origin (non-browser clients)
 * always pass; a foreign origin passes only when configured. Checking WebSocket upgrades too stops
 * cross-site WebSocket hijacking, which browsers do not prevent on their own.
 */
public final class CorsPolicy {

    private final CorsOptions options;

    public CorsPolicy(CorsOptions options) {
        this.options = options;
    }

    public boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        return sameOrigin(origin, host) || listed(origin);
    }

    /** True when the request is cross-origin, for {@code handshake.xdomain}. */
    public static boolean crossOrigin(String origin, String host) {
        return origin != null && !origin.isEmpty() && !sameOrigin(origin, host);
    }

    private boolean listed(String origin) {
        return options.anyOrigin() || options.origins().contains(origin);
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Headers for a response to a request with this origin; empty when none are due. */
    public Map<String, String> responseHeaders(String origin, String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (origin == null || origin.isEmpty() || sameOrigin(origin, host) || !listed(origin)) {
            return headers;
        }
        headers.put("Access-Control-Allow-Origin", options.anyOrigin() ? "*" : origin);
        if (!options.anyOrigin()) {
            headers.put("Vary", "Origin");
        }
        if (options.credentials()) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        return headers;
    }

    /** Extra headers for an allowed preflight request. */
    public Map<String, String> preflightHeaders(String origin, String host, String requestHeaders) {
        Map<String, String> headers = responseHeaders(origin, host);
        if (!headers.isEmpty()) {
            headers.put("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
            if (requestHeaders != null && !requestHeaders.isEmpty()) {
                headers.put("Access-Control-Allow-Headers", requestHeaders);
            }
            headers.put("Access-Control-Max-Age", "600");
        }
        return headers;
    }
}
