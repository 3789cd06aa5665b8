package org.socketiooperator.emitter;

import java.util.List;
import java.util.Objects;

/**
 * Where Redis is. {@code uris} holds one {@code redis://} / {@code rediss://} URI for a standalone server
 * or the seed nodes of a Redis Cluster. Credentials may be given here or inside the URIs; the password
 * is kept out of {@link #toString()} so options can be logged.
 */
public record RedisConnection(List<String> uris, boolean cluster, String username, String password) {

    public RedisConnection {
        uris = List.copyOf(Objects.requireNonNull(uris, "uris"));
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a Redis connection needs at least one URI");
        }
        for (String uri : uris) {
            if (uri == null || !(uri.startsWith("redis://") || uri.startsWith("rediss://"))) {
                throw new IllegalArgumentException("not a redis:// or rediss:// URI: " + uri);
            }
        }
    }

    public static RedisConnection standalone(String uri) {
        return new RedisConnection(List.of(uri), false, null, null);
    }

    public static RedisConnection cluster(List<String> seeds) {
        return new RedisConnection(seeds, true, null, null);
    }

    public RedisConnection withCredentials(String newUsername, String newPassword) {
        return new RedisConnection(uris, cluster, newUsername, newPassword);
    }

    @Override
    public String toString() {
        return "RedisConnection[uris=" + uris + ", cluster=" + cluster + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
