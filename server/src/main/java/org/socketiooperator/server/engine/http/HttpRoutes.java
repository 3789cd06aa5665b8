package org.socketiooperator.server.engine.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.socketiooperator.server.api.HttpRoute;

/** Extra HTTP endpoints: exact paths, or prefixes registered with a trailing {@code *}. */
public final class HttpRoutes {

    private final Map<String, HttpRoute> exact = new ConcurrentHashMap<>();
    private final Map<String, HttpRoute> prefixes = new ConcurrentHashMap<>();

    public void add(String pattern, HttpRoute route) {
        if (pattern.endsWith("*")) {
            prefixes.put(pattern.substring(0, pattern.length() - 1), route);
        } else {
            exact.put(pattern, route);
        }
    }

    /** The route for {@code path}, the longest prefix winning; null when none. */
    public HttpRoute find(String path) {
        HttpRoute route = exact.get(path);
        if (route != null) {
            return route;
        }
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : prefixes.get(best);
    }
}
