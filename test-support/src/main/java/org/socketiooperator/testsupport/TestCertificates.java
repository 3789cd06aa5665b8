package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority, a server certificate for 127.0.0.1 / localhost and a client certificate
 * (for servers that ask for one: mutual TLS), made with the {@code openssl} command at test time so that no key
 * material is committed. Keys are unencrypted PKCS#8 PEM, as {@code openssl} 3 writes them.
 */
public record TestCertificates(
        Path dir, Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /** Writes a fresh CA, and a server and a client certificate signed by it, into a new temporary directory. */
    public static TestCertificates generate(String name) {
        try {
            Path dir = Files.createTempDirectory("tls-" + name + "-");
            Path caKey = dir.resolve("ca.key");
            Path caCert = dir.resolve("ca.crt");
            Path serverKey = dir.resolve("server.key");
            Path csr = dir.resolve("server.csr");
            Path serverCert = dir.resolve("server.crt");
            Path ext = dir.resolve("server.ext");
            Files.writeString(
                    ext, "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n" + "extendedKeyUsage=serverAuth\n");
            openssl(
                    dir,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + name + " test CA",
                    "-keyout",
                    caKey.toString(),
                    "-out",
                    caCert.toString());
            openssl(
                    dir,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-keyout",
                    serverKey.toString(),
                    "-out",
                    csr.toString());
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    caCert.toString(),
                    "-CAkey",
                    caKey.toString(),
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    ext.toString(),
                    "-out",
                    serverCert.toString());
            Path clientKey = dir.resolve("client.key");
            Path clientCert = dir.resolve("client.crt");
            Path clientExt = dir.resolve("client.ext");
            Files.writeString(clientExt, "extendedKeyUsage=clientAuth\n");
            signed(dir, "/CN=socketio-node", clientKey, clientCert, clientExt, caCert, caKey);
            return new TestCertificates(dir, caCert, serverCert, serverKey, clientCert, clientKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates", e);
        }
    }

    /**
     * The client key in the "traditional" PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}), which cert-manager writes by
     * default: a copy next to the PKCS#8 one.
     */
    public Path clientKeyPkcs1() {
        Path pkcs1 = dir.resolve("client-pkcs1.key");
        try {
            if (!Files.exists(pkcs1)) {
                openssl(dir, "rsa", "-in", clientKey.toString(), "-traditional", "-out", pkcs1.toString());
            }
            return pkcs1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a PKCS#1 key", e);
        }
    }

    private static void signed(Path dir, String subject, Path key, Path cert, Path ext, Path caCert, Path caKey)
            throws IOException {
        Path csr = dir.resolve(cert.getFileName() + ".csr");
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                subject,
                "-keyout",
                key.toString(),
                "-out",
                csr.toString());
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCert.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                cert.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
