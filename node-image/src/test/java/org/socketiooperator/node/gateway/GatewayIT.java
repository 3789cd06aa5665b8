package org.socketiooperator.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.node.Node;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.TestNodes;

class GatewayIT {

    private Node node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void clientsJoinRoomsAndPublishToThem() throws Exception {
        node = Node.start(TestNodes.config("SIO_GATEWAY_CLIENT_PUBLISH", "true", "SIO_DRAIN_PERIOD_MS", "0"), Map.of());
        try (JsClient alice = JsClient.connect(url(), "websocket", Map.of("NAME", "alice"));
                JsClient bob = JsClient.connect(url(), "polling", Map.of("NAME", "bob"));
                JsClient carol = JsClient.connect(url(), "websocket", Map.of("NAME", "carol"))) {
            alice.awaitConnected();
            bob.awaitConnected();
            carol.awaitConnected();

            assertThat(alice.emitWithAck("join", List.of("lobby"), 5000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"lobby\"]}");
            assertThat(bob.emitWithAck("join", List.of(List.of("lobby", "ops")), 5000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"lobby\",\"ops\"]}");

            JsonNode published = carol.emitWithAck(
                    "publish",
                    List.of(Map.of("room", "lobby", "event", "chat", "args", List.of(Map.of("text", "hi"), 7))),
                    5000);
            assertThat(published.path("answer").toString()).isEqualTo("{\"ok\":true}");

            for (JsClient member : List.of(alice, bob)) {
                JsonNode chat =
                        member.await("event", e -> e.path("event").asText().equals("chat"));
                assertThat(chat.path("args").toString()).isEqualTo("[{\"text\":\"hi\"},7]");
            }

            assertThat(bob.emitWithAck("leave", List.of("lobby"), 5000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"ops\"]}");
            carol.emitWithAck(
                    "publish", List.of(Map.of("room", "lobby", "event", "chat", "args", List.of("2nd"))), 5000);
            alice.await("event", e -> e.path("args").toString().equals("[\"2nd\"]"));
            carol.emitWithAck("publish", List.of(Map.of("room", "ops", "event", "chat", "args", List.of("3rd"))), 5000);
            // bob left the lobby: the next thing he hears is the ops message, not the second lobby one.
            JsonNode next = bob.await("event", e -> true);
            assertThat(next.path("args").toString()).isEqualTo("[\"3rd\"]");
        }
    }

    @Test
    void badRequestsGetAnErrorAndTheConnectionStays() throws Exception {
        node = Node.start(TestNodes.config("SIO_GATEWAY_CLIENT_PUBLISH", "true", "SIO_DRAIN_PERIOD_MS", "0"), Map.of());
        try (JsClient client = JsClient.connect(url(), "polling", Map.of())) {
            client.awaitConnected();

            assertThat(client.emitWithAck("join", List.of(12), 5000)
                            .path("answer")
                            .path("error")
                            .asText())
                    .contains("non-empty strings");
            assertThat(client.emitWithAck("publish", List.of("lobby"), 5000)
                            .path("answer")
                            .path("error")
                            .asText())
                    .contains("{room, event, args}");
            assertThat(client.emitWithAck("publish", List.of(Map.of("room", "r", "event", "connect")), 5000)
                            .path("answer")
                            .path("error")
                            .asText())
                    .contains("reserved");
            assertThat(client.emitWithAck("join", List.of("still-here"), 5000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"still-here\"]}");
        }
    }

    @Test
    void oneSocketJoinsAtMostTheConfiguredNumberOfRooms() throws Exception {
        node = Node.start(
                TestNodes.config("SIO_GATEWAY_MAX_ROOMS_PER_SOCKET", "3", "SIO_DRAIN_PERIOD_MS", "0"), Map.of());
        try (JsClient client = JsClient.connect(url(), "websocket", Map.of())) {
            client.awaitConnected();

            assertThat(answer(client, "join", List.of("a", "b"))).isEqualTo("{\"rooms\":[\"a\",\"b\"]}");
            // "b" is already held: only "c" takes a place, which fills the bound.
            assertThat(answer(client, "join", List.of("b", "c"))).isEqualTo("{\"rooms\":[\"a\",\"b\",\"c\"]}");
            assertThat(answer(client, "join", "d")).isEqualTo("{\"error\":\"at most 3 rooms per socket\"}");
            // Rejoining a held room at the bound is fine; a refused join changed nothing.
            assertThat(answer(client, "join", "a")).isEqualTo("{\"rooms\":[\"a\",\"b\",\"c\"]}");

            assertThat(answer(client, "leave", "a")).isEqualTo("{\"rooms\":[\"b\",\"c\"]}");
            // One place free, two asked for: refused whole, not half joined.
            assertThat(answer(client, "join", List.of("d", "e")))
                    .isEqualTo("{\"error\":\"at most 3 rooms per socket\"}");
            assertThat(answer(client, "join", "d")).isEqualTo("{\"rooms\":[\"b\",\"c\",\"d\"]}");
            assertThat(node.server().sockets().sockets().values())
                    .singleElement()
                    .satisfies(
                            socket -> assertThat(socket.rooms()).containsExactlyInAnyOrder(socket.id(), "b", "c", "d"));
        }
    }

    @Test
    void switchedOffFeaturesRegisterNoListener() throws Exception {
        node = Node.start(TestNodes.config("SIO_GATEWAY_CLIENT_JOIN", "false", "SIO_DRAIN_PERIOD_MS", "0"), Map.of());
        try (JsClient client = JsClient.connect(url())) {
            client.awaitConnected();

            assertThat(client.emitWithAck("join", List.of("lobby"), 300)
                            .path("type")
                            .asText())
                    .isEqualTo("ack-timeout");
            assertThat(client.emitWithAck("publish", List.of(Map.of("room", "lobby", "event", "e")), 300)
                            .path("type")
                            .asText())
                    .isEqualTo("ack-timeout");
            assertThat(node.server().sockets().sockets().values())
                    .allSatisfy(socket -> assertThat(socket.rooms()).containsExactly(socket.id()));
        }
    }

    @Test
    void demoPageAndClientScriptAreServedFromTheJar() throws Exception {
        node = Node.start(TestNodes.config("SIO_PATH", "/rt", "SIO_DRAIN_PERIOD_MS", "0"), Map.of());
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(page.body())
                .contains("data-sio-path=\"/rt\"", "<script src=\"/demo/socket.io.min.js\">", "'publish'", "'join'");

        HttpResponse<String> script = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/demo/socket.io.min.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).startsWith("/*!\n * Socket.IO v4.8.4").contains("Released under the MIT License.");

        // The page's own client reaches the node on the configured path.
        try (JsClient client = JsClient.connect(base(), "polling,websocket", Map.of("SIO_PATH", "/rt"))) {
            client.awaitConnected();
        }
    }

    private static String answer(JsClient client, String event, Object rooms) {
        return client.emitWithAck(event, List.of(rooms), 5000).path("answer").toString();
    }

    private String base() {
        return "http://127.0.0.1:" + node.port();
    }

    private String url() {
        return base() + "/";
    }
}
