package org.socketiooperator.adapter.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is and how to log in. {@code uris} holds one {@code redis://} or {@code rediss://} URI
 * for a standalone server, or the seed nodes of a Redis Cluster. The password is kept out of
 * {@link #toString()} so that configuration can be logged. {@code clientCertificate} (optional, TLS only) is
 * shown to a Redis that asks clients for a certificate (mutual TLS).
 */
public record RedisEndpoint(
        List<String> uris,
        Topology topology,
        String username,
        String password,
        boolean tls,
        Path caFile,
        ClientCertificate clientCertificate) {

    public enum Topology {
        STANDALONE,
        CLUSTER
    }

    public RedisEndpoint {
        uris = List.copyOf(Objects.requireNonNull(uris, "uris"));
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a Redis endpoint needs at least one URI");
        }
        Objects.requireNonNull(topology, "topology");
        tls = tls || uris.stream().anyMatch(u -> u.startsWith("rediss://"));
        if (clientCertificate != null && !tls) {
            throw new IllegalArgumentException("a client certificate needs TLS (rediss:// or tls=true)");
        }
    }

    public RedisEndpoint(
            List<String> uris, Topology topology, String username, String password, boolean tls, Path caFile) {
        this(uris, topology, username, password, tls, caFile, null);
    }

    public static RedisEndpoint standalone(String uri) {
        return new RedisEndpoint(List.of(uri), Topology.STANDALONE, null, null, false, null);
    }

    public static RedisEndpoint cluster(List<String> seeds) {
        return new RedisEndpoint(seeds, Topology.CLUSTER, null, null, false, null);
    }

    public RedisEndpoint withCredentials(String newUsername, String newPassword) {
        return new RedisEndpoint(uris, topology, newUsername, newPassword, tls, caFile, clientCertificate);
    }

    /** Trusts the CA certificate(s) in this PEM file instead of the JVM's default trust store. */
    public RedisEndpoint withCaFile(Path newCaFile) {
        return new RedisEndpoint(uris, topology, username, password, tls, newCaFile, clientCertificate);
    }

    /** Shows this certificate to Redis servers that ask for one; null for none. */
    public RedisEndpoint withClientCertificate(ClientCertificate certificate) {
        return new RedisEndpoint(uris, topology, username, password, tls, caFile, certificate);
    }

    @Override
    public String toString() {
        return "RedisEndpoint[uris=" + uris + ", topology=" + topology + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", tls=" + tls + ", caFile=" + caFile
                + (clientCertificate == null ? "" : ", clientCert=" + clientCertificate.certFile()) + "]";
    }
}
