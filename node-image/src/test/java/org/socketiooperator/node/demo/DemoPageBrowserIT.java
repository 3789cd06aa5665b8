package org.socketiooperator.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.socketiooperator.node.Node;
import org.socketiooperator.node.testing.TestNodes;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The demo page in a real browser: two nodes on one Redis (classic adapter, a key of their own), the page
 * of each open in headless Chromium, a chat message typed on one page must show up on the other.
 * Driven by {@code test-support/node-peers/browser-demo.js} (playwright-core on the system's Chromium).
 */
class DemoPageBrowserIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aMessageSentOnOneNodesPageAppearsOnTheOtherNodesPage() throws Exception {
        Path chromium = Paths.get(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium))
                .as("headless Chromium is needed at %s: apt-get install -y chromium (or set CHROMIUM)", chromium)
                .isTrue();
        assertThat(NodePeers.peersDir().resolve("node_modules/playwright-core"))
                .as("playwright-core is missing: run 'npm ci' in %s", NodePeers.peersDir())
                .isDirectory();

        String key = "demo-browser-it-" + UUID.randomUUID();
        String[] env = {
            "SIO_REDIS_URL",
            SharedRedis.uri(),
            "SIO_ADAPTER_KEY",
            key,
            "SIO_GATEWAY_CLIENT_PUBLISH",
            "true",
            "SIO_DRAIN_PERIOD_MS",
            "0"
        };
        Path shots = Paths.get("target", "browser-demo").toAbsolutePath();
        Files.createDirectories(shots);
        Files.deleteIfExists(shots.resolve("demo-node-a.png"));
        Files.deleteIfExists(shots.resolve("demo-node-b.png"));

        try (Node a = Node.start(TestNodes.config(env), Map.of());
                Node b = Node.start(TestNodes.config(env), Map.of());
                NodePeers.Peer browser = NodePeers.start(
                        NodePeers.peersDir().resolve("browser-demo.js"),
                        Map.of(
                                "URL_A", "http://127.0.0.1:" + a.port() + "/",
                                "URL_B", "http://127.0.0.1:" + b.port() + "/",
                                "ROOM", "room-" + UUID.randomUUID().toString().substring(0, 8),
                                "SCREENSHOT_DIR", shots.toString(),
                                "CHROMIUM", chromium.toString()))) {
            String outcome = browser.await(
                    line -> line.startsWith("{\"type\":\"done\"") || line.startsWith("{\"type\":\"failed\""),
                    RUN_TIMEOUT);
            assertThat(outcome).as("browser run:%n%s", browser.history()).startsWith("{\"type\":\"done\"");
            assertThat(browser.history()).contains("\"page\":\"B\",\"step\":\"received\"");
        }
        assertThat(shots.resolve("demo-node-a.png")).isNotEmptyFile();
        assertThat(shots.resolve("demo-node-b.png")).isNotEmptyFile();
    }
}
