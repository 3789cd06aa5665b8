package org.socketiooperator.adapter.redis;

import javax.net.ssl.SSLException;
import org.socketiooperator.adapter.config.RedisEndpoint;

/**
 * The start-up error of both adapter modes when Redis cannot be used: names the endpoint (password
 * masked) and the innermost cause, which is where Lettuce keeps the useful part, and says plainly when
 * the TLS handshake was the problem.
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
            reason = "TLS handshake failed, the server certificate is not trusted by "
                    + (endpoint.caFile() != null ? "caFile " + endpoint.caFile() : "the JVM trust store")
                    + ": " + reason;
        }
        return new IllegalStateException("cannot connect to Redis " + endpoint + ": " + reason, error);
    }
}
