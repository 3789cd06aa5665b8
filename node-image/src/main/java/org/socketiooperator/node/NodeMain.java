package org.socketiooperator.node;

import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.node.config.ConfigException;
import org.socketiooperator.node.config.NodeConfig;

/**
 * {@code java -jar socketio-node.jar}: reads the environment ({@code docs/node-contract.md}), starts the
 * node and drains it on SIGTERM. A configuration or start-up problem prints one line and exits non-zero,
 * without a stack trace, so that a crash-looping pod's log says what to fix.
 */
public final class NodeMain {

    /** Exit status for an unusable environment variable. */
    static final int BAD_CONFIG = 2;
    /** Exit status for a node that could not start (port taken, extension failing...). */
    static final int START_FAILED = 1;

    private NodeMain() {}

    public static void main(String[] args) {
        // Netty's leak detector samples allocations with stack traces, a few percent of a busy node's CPU;
        // the server releases its buffers by construction. Set the property to turn it back on.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        NodeConfig config;
        try {
            config = NodeConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(BAD_CONFIG);
            return;
        }
        Logger log = LoggerFactory.getLogger(NodeMain.class);
        try {
            Node node = Node.start(config, System.getenv());
            node.installShutdownHook();
        } catch (Exception e) {
            String reason = e instanceof BindException || e.getCause() instanceof BindException
                    ? "a port is already in use (SIO_PORT=" + config.port() + ", SIO_MANAGEMENT_PORT="
                            + config.managementPort() + "): " + e.getMessage()
                    : String.valueOf(e.getMessage());
            log.error("cannot start the node: {}", reason);
            System.exit(START_FAILED);
        }
    }
}
