package org.socketiooperator.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.node.Node;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.TestNodes;
import org.socketiooperator.server.api.ConnectionStateRecovery;

/** The recovery variables reach the server: the official client gets a private session id, metrics appear. */
class ConnectionStateRecoveryNodeIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theVariablesTurnRecoveryOnWithTheirValues() throws Exception {
        try (Node node = Node.start(
                        TestNodes.config(
                                "SIO_CONNECTION_STATE_RECOVERY",
                                "true",
                                "SIO_MAX_DISCONNECTION_DURATION_MS",
                                "30000",
                                "SIO_RECOVERY_SKIP_MIDDLEWARES",
                                "false"),
                        Map.of());
                JsClient client = JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of())) {
            assertThat(node.server().options().connectionStateRecovery())
                    .isEqualTo(new ConnectionStateRecovery(Duration.ofSeconds(30), false));
            JsonNode connected = client.awaitConnected();
            assertThat(connected.path("pid").asText()).hasSize(20);
            assertThat(connected.path("recovered").asBoolean()).isFalse();
            assertThat(metrics(node))
                    .contains("socketio_recovery_sessions_kept 0.0", "socketio_recovery_restored_total 0.0");
        }
    }

    @Test
    void offByDefaultAsInTheOfficialServer() throws Exception {
        try (Node node = Node.start(TestNodes.config(), Map.of());
                JsClient client = JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of())) {
            assertThat(node.server().options().connectionStateRecovery()).isNull();
            assertThat(client.awaitConnected().path("pid").isNull()).isTrue();
        }
    }

    private String metrics(Node node) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
