package org.socketiooperator.node.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.node.Node;
import org.socketiooperator.node.testing.FixtureJars;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.TestNodes;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.testsupport.NodePeers;

/** Builds the worked example (src/test/resources/extension-example) into a jar, as a user would. */
class ExtensionIT {

    private static final String SERVICE = "META-INF/services/" + NodeExtension.class.getName();
    private static final Path EXAMPLE =
            NodePeers.projectRoot().resolve("node-image/src/test/resources/extension-example");

    @Test
    void extensionJarInThePluginsFolderServesItsNamespace(@TempDir Path plugins) throws Exception {
        greeterJar(plugins.resolve("greeter.jar"));
        Map<String, String> env = TestNodes.env(
                "SIO_PLUGINS_DIR", plugins.toString(), "SIO_DRAIN_PERIOD_MS", "0", "GREETER_GREETING", "welcome");

        try (Node node = Node.start(org.socketiooperator.node.config.NodeConfig.fromEnvironment(env), env);
                JsClient ada = JsClient.connect(url(node), "websocket", Map.of("AUTH", "{\"name\":\"ada\"}"));
                JsClient bob = JsClient.connect(url(node), "polling", Map.of("AUTH", "{\"name\":\"bob\"}"));
                JsClient anonymous = JsClient.connect(url(node), "polling", Map.of())) {
            ada.awaitConnected();
            bob.awaitConnected();

            JsonNode refused = anonymous.await("connect_error");
            assertThat(refused.path("message").asText()).isEqualTo("a name is required");
            assertThat(refused.path("data").toString()).isEqualTo("{\"field\":\"name\"}");

            assertThat(ada.emitWithAck("hello", List.of(), 5000).path("answer").asText())
                    .isEqualTo("welcome ada");
            assertThat(bob.await("event").path("args").toString()).isEqualTo("[\"welcome ada\"]");
        }
    }

    @Test
    void extensionOnTheClasspathIsFoundToo(@TempDir Path dir) throws Exception {
        Path jar = greeterJar(dir.resolve("greeter.jar"));
        try (URLClassLoader classpath =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            List<NodeExtension> found = Extensions.load(classpath, java.util.Optional.empty());

            assertThat(found)
                    .extracting(e -> e.getClass().getName())
                    .containsExactly("com.example.greeter.GreeterExtension");
        }
    }

    @Test
    void aFailingExtensionStopsTheStartWithItsName(@TempDir Path plugins) throws Exception {
        FixtureJars.build(
                plugins.resolve("broken.jar"),
                Map.of("bad/Broken.java", """
                        package bad;
                        public final class Broken implements org.socketiooperator.node.extension.NodeExtension {
                            public void configure(org.socketiooperator.node.extension.NodeContext ctx) {
                                throw new IllegalStateException("missing DATABASE_URL");
                            }
                        }
                        """),
                Map.of(SERVICE, "bad.Broken\n"),
                NodeExtension.class,
                SocketIoServer.class);
        Map<String, String> env = TestNodes.env("SIO_PLUGINS_DIR", plugins.toString());

        assertThatThrownBy(() -> Node.start(
                        org.socketiooperator.node.config.NodeConfig.fromEnvironment(env),
                        env,
                        Adapters::create,
                        getClass().getClassLoader()))
                .isInstanceOf(ExtensionException.class)
                .hasMessageContaining("bad.Broken")
                .hasMessageContaining("missing DATABASE_URL");
    }

    @Test
    void aServiceFileNamingAMissingClassIsAClearError(@TempDir Path plugins) throws Exception {
        FixtureJars.build(plugins.resolve("typo.jar"), Map.of(), Map.of(SERVICE, "com.example.Typo\n"));

        assertThatThrownBy(() -> Extensions.load(getClass().getClassLoader(), java.util.Optional.of(plugins)))
                .isInstanceOf(ExtensionException.class)
                .hasMessageContaining("com.example.Typo");
    }

    private static Path greeterJar(Path jar) throws Exception {
        String source = Files.readString(EXAMPLE.resolve("com/example/greeter/GreeterExtension.java"));
        return FixtureJars.build(
                jar,
                Map.of("com/example/greeter/GreeterExtension.java", source),
                Map.of(SERVICE, Files.readString(EXAMPLE.resolve(SERVICE))),
                NodeExtension.class,
                SocketIoServer.class);
    }

    private static String url(Node node) {
        return "http://127.0.0.1:" + node.port() + "/greeter";
    }
}
