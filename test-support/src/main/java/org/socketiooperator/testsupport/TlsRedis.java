package org.socketiooperator.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own that only speaks TLS on its port (the plain port is switched off),
 * with a certificate from a fresh {@link TestCertificates} authority. Clients need no certificate, unless
 * started with {@link #startMutualOnFreePort}: then they must show one signed by the same authority.
 */
public final class TlsRedis implements AutoCloseable {

    private final RedisServer server;
    private final TestCertificates certificates;

    private TlsRedis(RedisServer server, TestCertificates certificates) {
        this.server = server;
        this.certificates = certificates;
    }

    /** {@code extraArgs} are further redis-server flags, e.g. {@code --requirepass x}. */
    public static TlsRedis start(int port, String... extraArgs) {
        return start(port, "no", extraArgs);
    }

    private static TlsRedis start(int port, String authClients, String... extraArgs) {
        TestCertificates certificates = TestCertificates.generate("redis-" + port);
        List<String> args = new ArrayList<>(List.of(
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--tls-cert-file",
                certificates.serverCert().toString(),
                "--tls-key-file",
                certificates.serverKey().toString(),
                "--tls-ca-cert-file",
                certificates.caCert().toString(),
                "--tls-auth-clients",
                authClients));
        args.addAll(List.of(extraArgs));
        // The later --port 0 overrides RedisServer's plain port; the TLS port is the one it waits for.
        return new TlsRedis(RedisServer.start(port, args.toArray(String[]::new)), certificates);
    }

    /** As {@link #start}, on a free loopback port (another one when it is taken before the bind). */
    public static TlsRedis startOnFreePort(String... extraArgs) {
        return onFreePort("no", extraArgs);
    }

    /**
     * On a free loopback port, asking every client for a certificate ({@code --tls-auth-clients yes});
     * {@link TestCertificates#clientCert()} is one. {@code CONFIG SET tls-auth-clients optional|no|yes} changes it
     * while the server runs.
     */
    public static TlsRedis startMutualOnFreePort(String... extraArgs) {
        return onFreePort("yes", extraArgs);
    }

    private static TlsRedis onFreePort(String authClients, String... extraArgs) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(LoopbackPorts.free(), authClients, extraArgs);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public String uri() {
        return "rediss://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    public RedisServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
