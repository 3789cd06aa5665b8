package org.socketiooperator.adapter.redis;

import javax.net.ssl.SSLException;
import org.socketiooperator.adapter.config.RedisEndpoint;

/**
 * The start-up error of both adapter modes when Redis cannot be used: names the endpoint (password
 * masked) and the innermost cause, which is where Lettuce keeps the useful part, and says plainly when
 * the TLS handshake was the problem and which side refused the other.
 */
public final class ConnectFailure {

    private ConnectFailure() {}

    public static IllegalStateException of(RedisEndpoint endpoint, Throwable error) {
        Throwable root = error;
        boolean tls = false;
        while (true) {
            tls |= root instanceof SSLException;
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String reason = root == error
                ? String.valueOf(error.getMessage())
                : error.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        if (tls) {
            reason = "TLS handshake failed, " + tlsProblem(endpoint, String.valueOf(root.getMessage())) + ": " + reason;
        }
        return new IllegalStateException("cannot connect to Redis " + endpoint + ": " + reason, error);
    }

    /**
     * An alert the client received is the server refusing the client (mutual TLS); anything else is the client
     * refusing the server's certificate.
     */
    private static String tlsProblem(RedisEndpoint endpoint, String rootMessage) {
        if (rootMessage.contains("Received fatal alert: certificate_required")) {
            return endpoint.clientCertificate() == null
                    ? "Redis asks for a client certificate and none is configured"
                    : "Redis asks for a client certificate and did not get "
                            + endpoint.clientCertificate().certFile();
        }
        if (rootMessage.contains("Received fatal alert")) {
            return endpoint.clientCertificate() == null
                    ? "Redis refused the handshake (does it ask for a client certificate?)"
                    : "Redis refused the client certificate "
                            + endpoint.clientCertificate().certFile() + " (signed by a CA Redis trusts, still valid?)";
        }
        return "the server certificate is not trusted by "
                + (endpoint.caFile() != null ? "caFile " + endpoint.caFile() : "the JVM trust store");
    }
}
