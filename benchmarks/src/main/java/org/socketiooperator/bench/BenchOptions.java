package org.socketiooperator.bench;

import java.nio.file.Path;
import org.socketiooperator.testsupport.NodePeers;

/** Where the harness finds the node jar and puts its logs; overridable with system properties. */
record BenchOptions(Path nodeJar, Path logDir, String redisUrl) {

    static BenchOptions fromSystemProperties() {
        Path root = NodePeers.projectRoot();
        return new BenchOptions(
                Path.of(System.getProperty(
                        "bench.nodeJar",
                        root.resolve("node-image/target/socketio-node.jar").toString())),
                Path.of(System.getProperty(
                        "bench.logDir", root.resolve("benchmarks/target/logs").toString())),
                System.getProperty("bench.redisUrl", "redis://127.0.0.1:6379"));
    }
}
