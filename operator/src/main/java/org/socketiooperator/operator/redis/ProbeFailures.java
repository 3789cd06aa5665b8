package org.socketiooperator.operator.redis;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns a failed Redis check into a condition reason and a message a user can act on. */
final class ProbeFailures {
    private ProbeFailures() {}

    static ProbeOutcome.Unreachable explain(String endpoint, RedisTarget target, Throwable failure, Duration timeout) {
        String text = redact(allMessages(failure), target);
        if (text.contains("WRONGPASS")
                || text.contains("invalid password")
                || text.contains("invalid username-password")) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "AuthenticationFailed",
                    "Redis at " + endpoint + " rejected the credentials from spec.redis.auth: check the password"
                            + (target.username() != null ? " and user name" : "") + " in the Secret");
        }
        if (text.contains("NOAUTH")) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "AuthenticationRequired",
                    "Redis at " + endpoint + " requires a password: set spec.redis.auth.secretName");
        }
        if (text.contains("without any password configured")) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "AuthenticationFailed",
                    "Redis at " + endpoint
                            + " has no password set but spec.redis.auth gives one: remove spec.redis.auth"
                            + " or configure the password on Redis");
        }
        if (has(failure, SSLException.class) && rootMessage(failure, target).contains("Received fatal alert")) {
            // The server sent the alert: it refused this client, not the other way round.
            boolean asked = rootMessage(failure, target).contains("certificate_required");
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "TlsHandshakeFailed",
                    "Redis at " + endpoint + " refused the TLS handshake (" + rootMessage(failure, target) + "): "
                            + (target.clientCertificate() == null
                                    ? "it asks for a client certificate: set spec.redis.tls.clientCertSecret"
                                    : asked
                                            ? "it asks for a client certificate and did not get the one in"
                                                    + " spec.redis.tls.clientCertSecret"
                                            : "is the certificate in spec.redis.tls.clientCertSecret signed by a CA"
                                                    + " Redis trusts, and still valid?"));
        }
        if (has(failure, SSLException.class)) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "TlsHandshakeFailed",
                    "TLS handshake with " + endpoint + " failed (" + rootMessage(failure, target) + "): check"
                            + " spec.redis.tls (is the server TLS-enabled, and is the CA in spec.redis.tls.caSecret the one"
                            + " that signed its certificate?)");
        }
        if (has(failure, UnknownHostException.class)) {
            return new ProbeOutcome.Unreachable(
                    endpoint, "HostNotFound", "the Redis host of " + endpoint + " does not resolve: check spec.redis");
        }
        if (has(failure, ConnectException.class)) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "ConnectionRefused",
                    "nothing accepts connections at " + endpoint
                            + ": check the host and port in spec.redis and that Redis runs");
        }
        if (has(failure, TimeoutException.class) || text.contains("timed out") || text.contains("Timeout")) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "Timeout",
                    "Redis at " + endpoint + " did not answer within " + timeout.toMillis() + " ms"
                            + (target.tls()
                                    ? "; TLS is on: check that the server serves TLS on this port"
                                    : "; if it expects TLS, set spec.redis.tls.enabled"));
        }
        if (has(failure, ClosedChannelException.class)
                || text.contains("Connection closed")
                || text.contains("Connection reset")) {
            return new ProbeOutcome.Unreachable(
                    endpoint,
                    "ConnectionClosed",
                    "Redis at " + endpoint + " closed the connection"
                            + (target.tls()
                                    ? "; check that it serves TLS"
                                    : "; if it expects TLS, set spec.redis.tls.enabled"));
        }
        return new ProbeOutcome.Unreachable(
                endpoint, "ProbeFailed", "checking Redis at " + endpoint + " failed: " + rootMessage(failure, target));
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String allMessages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" | ");
        }
        return text.toString();
    }

    private static String rootMessage(Throwable failure, RedisTarget target) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return redact(root.getClass().getSimpleName() + ": " + root.getMessage(), target);
    }

    /** Removes the password from any text before it reaches a status or a log line. */
    static String redact(String text, RedisTarget target) {
        if (text == null || target.password() == null || target.password().length == 0) {
            return text;
        }
        return text.replace(new String(target.password()), "***");
    }
}
