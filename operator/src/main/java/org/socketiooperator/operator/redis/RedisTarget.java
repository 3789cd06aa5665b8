package org.socketiooperator.operator.redis;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to reach one Redis deployment, credentials included. Its text form never shows the
 * credentials or the CA, so it is safe to log.
 *
 * @param seeds host and port of each node to try, in order (one for a standalone server)
 * @param database database index from the URL
 * @param tls connect with TLS
 * @param caPem PEM of the CA that signed the server certificate, or null for the JVM's trust store
 * @param username ACL user name, or null
 * @param password password, or null
 */
public record RedisTarget(
        List<HostPort> seeds, int database, boolean tls, byte[] caPem, String username, char[] password) {

    public RedisTarget {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis target needs at least one host");
        }
    }

    /** host:port of the first seed, for messages. */
    public String describe() {
        return seeds.size() == 1 ? seeds.get(0).toString() : seeds.toString();
    }

    @Override
    public String toString() {
        return "RedisTarget[" + describe() + (tls ? ", tls" : "") + (password != null ? ", with password" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisTarget other
                && seeds.equals(other.seeds)
                && database == other.database
                && tls == other.tls
                && Arrays.equals(caPem, other.caPem)
                && Objects.equals(username, other.username)
                && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seeds, database, tls, Arrays.hashCode(caPem), username, Arrays.hashCode(password));
    }

    /** A host and port. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
