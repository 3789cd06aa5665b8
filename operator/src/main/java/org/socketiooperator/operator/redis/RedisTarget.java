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
 * @param clientCertificate the certificate to show to a Redis that asks for one, or null
 */
public record RedisTarget(
        List<HostPort> seeds,
        int database,
        boolean tls,
        byte[] caPem,
        String username,
        char[] password,
        ClientCertificate clientCertificate) {

    public RedisTarget(
            List<HostPort> seeds, int database, boolean tls, byte[] caPem, String username, char[] password) {
        this(seeds, database, tls, caPem, username, password, null);
    }

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
        return "RedisTarget[" + describe() + (tls ? ", tls" : "") + (clientCertificate != null ? ", client cert" : "")
                + (password != null ? ", with password" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisTarget other
                && seeds.equals(other.seeds)
                && database == other.database
                && tls == other.tls
                && Arrays.equals(caPem, other.caPem)
                && Objects.equals(username, other.username)
                && Arrays.equals(password, other.password)
                && Objects.equals(clientCertificate, other.clientCertificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                seeds, database, tls, Arrays.hashCode(caPem), username, Arrays.hashCode(password), clientCertificate);
    }

    /** A PEM certificate (chain) and its unencrypted PKCS#8 PEM key, as a kubernetes.io/tls Secret holds them. */
    public record ClientCertificate(byte[] certPem, byte[] keyPem) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ClientCertificate other
                    && Arrays.equals(certPem, other.certPem)
                    && Arrays.equals(keyPem, other.keyPem);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(certPem) + Arrays.hashCode(keyPem);
        }

        @Override
        public String toString() {
            return "ClientCertificate[" + certPem.length + " bytes of certificate]";
        }
    }

    /** A host and port. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
