package org.socketiooperator.adapter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate a client shows to a Redis that asks for one ({@code tls-auth-clients yes}): a PEM certificate
 * (chain) and its private key. The key must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), the one form the
 * TLS stack reads without extra libraries; {@link #check()} says so before a connection is tried.
 */
public record ClientCertificate(Path certFile, Path keyFile) {
    /** Longer than any PEM certificate chain or key has a reason to be. */
    private static final long MAX_PEM_BYTES = 1 << 20;

    public ClientCertificate {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /**
     * Reads both files and fails with a message that says what to change when one cannot be used.
     *
     * @throws IllegalArgumentException naming the file and the problem (never its content)
     */
    public ClientCertificate check() {
        checkCertificateFile(certFile);
        checkKeyFile(keyFile);
        return this;
    }

    /** @throws IllegalArgumentException when the file is unreadable or holds no PEM certificate */
    public static void checkCertificateFile(Path certFile) {
        String cert = read(certFile, "client certificate");
        if (!cert.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(
                    "client certificate " + certFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
    }

    /** @throws IllegalArgumentException when the file is unreadable or holds no unencrypted PKCS#8 PEM key */
    public static void checkKeyFile(Path keyFile) {
        String key = read(keyFile, "client key");
        if (key.contains("-----BEGIN PRIVATE KEY-----")) {
            return;
        }
        String hint;
        if (key.contains("-----BEGIN RSA PRIVATE KEY-----") || key.contains("-----BEGIN EC PRIVATE KEY-----")) {
            hint = "is in the traditional (PKCS#1 or SEC1) form; convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key'"
                    + " (cert-manager: privateKey.encoding: PKCS8)";
        } else if (key.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            hint = "is encrypted; give it without a passphrase ('openssl pkcs8 -topk8 -nocrypt')";
        } else {
            hint = "holds no PEM private key (-----BEGIN PRIVATE KEY-----)";
        }
        throw new IllegalArgumentException("client key " + keyFile + " " + hint);
    }

    private static String read(Path file, String what) {
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + what + " file " + file);
            }
            if (Files.size(file) > MAX_PEM_BYTES) {
                throw new IllegalArgumentException(
                        what + " file " + file + " is larger than " + MAX_PEM_BYTES + " bytes: not a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
