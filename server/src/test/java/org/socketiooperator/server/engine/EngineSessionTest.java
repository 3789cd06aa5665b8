package org.socketiooperator.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.socketiooperator.server.engine.DisconnectCause.CLIENT_PING;
import static org.socketiooperator.server.engine.DisconnectCause.PACKET_TOO_LARGE;
import static org.socketiooperator.server.engine.DisconnectCause.PARSE_ERROR;
import static org.socketiooperator.server.engine.DisconnectCause.PING_TIMEOUT;
import static org.socketiooperator.server.engine.DisconnectCause.SERVER_CLOSE;
import static org.socketiooperator.server.engine.DisconnectCause.SLOW_CLIENT;
import static org.socketiooperator.server.engine.DisconnectCause.TRANSPORT_CLOSE;
import static org.socketiooperator.server.engine.DisconnectCause.TRANSPORT_ERROR;
import static org.socketiooperator.server.engine.EngineSessionTest.After.CLOSED;
import static org.socketiooperator.server.engine.EngineSessionTest.After.CLOSING;
import static org.socketiooperator.server.engine.EngineSessionTest.After.OPEN_POLLING;
import static org.socketiooperator.server.engine.EngineSessionTest.After.OPEN_WEBSOCKET;
import static org.socketiooperator.server.engine.EngineSessionTest.After.UPGRADING;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.CLOSED_POLLING;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.CLOSED_WEBSOCKET;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.CLOSING_POLLING;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.POLLING;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.POLLING_HELD;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.PROBED;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.PROBING;
import static org.socketiooperator.server.engine.EngineSessionTest.Given.WEBSOCKET;
import static org.socketiooperator.server.engine.SessionHarness.CLOSING_GRACE_MS;
import static org.socketiooperator.server.engine.SessionHarness.MAX_BUFFERED_BYTES;
import static org.socketiooperator.server.engine.SessionHarness.PING_INTERVAL_MS;
import static org.socketiooperator.server.engine.SessionHarness.PING_TIMEOUT_MS;
import static org.socketiooperator.server.engine.SessionHarness.UPGRADE_TIMEOUT_MS;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.server.api.Transport;
import org.socketiooperator.server.engine.SessionHarness.FakePoll;
import org.socketiooperator.server.engine.SessionHarness.FakeSink;

/**
 * {@link EngineSession} as a state-transition table: for each starting point (state and transport) and
 * event, the state it ends in, what the Socket.IO layer hears, what reaches the client (WebSocket frames,
 * answers to held GETs and to POSTs, in order), and which {@link DisconnectCause} the server counts.
 * Time is the frozen clock of an {@code EmbeddedChannel}'s loop, moved only by the events themselves.
 *
 * <p>Vocabulary of the "wire" column: {@code ws <- 4hi} a frame written (and flushed) to the WebSocket,
 * {@code ws.close} a graceful close, {@code ws.abort} a forced one; {@code poll2 <- 6} the second GET answered,
 * {@code poll2 failed BAD_REQUEST} answered 400; {@code POST -> ok|400} the answer to a POST.
 * {@code SEP} (the record separator U+001E) separates packets in a polling payload.
 */
class EngineSessionTest {

    /** Where a row starts; what was recorded while getting there is forgotten. */
    enum Given {
        POLLING("OPEN over polling, no GET held", SessionHarness::polling, h -> {}),
        POLLING_HELD("OPEN over polling, poll1 held", SessionHarness::polling, SessionHarness::get),
        PROBING("OPEN over polling, poll1 held, probe attached", SessionHarness::polling, h -> {
            h.get();
            h.attachProbe(h.probe);
        }),
        PROBED("OPEN over polling, probe answered 3probe, poll1 answered noop", SessionHarness::polling, h -> {
            h.get();
            h.attachProbe(h.probe);
            h.wsText(h.probe, "2probe");
        }),
        WEBSOCKET("OPEN over WebSocket", SessionHarness::webSocket, h -> {}),
        CLOSING_POLLING(
                "CLOSING over polling (server closed, nothing buffered, no GET held)",
                SessionHarness::polling,
                h -> h.session.close("bye")),
        CLOSED_POLLING("CLOSED over polling (the client POSTed close)", SessionHarness::polling, h -> h.post("1")),
        CLOSED_WEBSOCKET("CLOSED over WebSocket (the socket closed)", SessionHarness::webSocket, h -> h.wsClosed(h.ws));

        private final String description;
        private final Supplier<SessionHarness> open;
        private final Consumer<SessionHarness> setup;

        Given(String description, Supplier<SessionHarness> open, Consumer<SessionHarness> setup) {
            this.description = description;
            this.open = open;
            this.setup = setup;
        }

        SessionHarness start() {
            SessionHarness h = open.get();
            setup.accept(h);
            h.mark();
            return h;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Where a row ends, as the server sees it. */
    enum After {
        /** open, polling, no probe */
        OPEN_POLLING,
        /** open, polling, a WebSocket probe attached */
        UPGRADING,
        OPEN_WEBSOCKET,
        /** closed for the application, still registered until the close packet is delivered */
        CLOSING,
        /** removed from the server */
        CLOSED;

        static After of(SessionHarness h) {
            if (!h.registered()) {
                return CLOSED;
            }
            if (!h.session.open()) {
                return CLOSING;
            }
            if (h.session.transport() == Transport.WEBSOCKET) {
                return OPEN_WEBSOCKET;
            }
            return h.session.upgrading() ? UPGRADING : OPEN_POLLING;
        }
    }

    /** No {@link DisconnectCause} counted. */
    private static final DisconnectCause NOT_COUNTED = null;

    private static final String SEP = "\u001e";
    /** "4" + 999 characters: exactly {@link SessionHarness#MAX_BUFFERED_BYTES} once queued. */
    private static final String AT_BOUND = "x".repeat(MAX_BUFFERED_BYTES - 1);

    record Row(
            Given given,
            String event,
            Consumer<SessionHarness> action,
            After then,
            List<String> hears,
            List<String> wire,
            DisconnectCause counted) {

        @Override
        public String toString() {
            return given + " | " + event;
        }
    }

    private static Row row(
            Given given,
            String event,
            Consumer<SessionHarness> action,
            After then,
            List<String> hears,
            List<String> wire,
            DisconnectCause counted) {
        return new Row(given, event, action, then, hears, wire, counted);
    }

    private static List<String> hears(String... heard) {
        return List.of(heard);
    }

    private static List<String> wire(String... wire) {
        return List.of(wire);
    }

    static Stream<Row> table() {
        return Stream.of(
                // ---- OPEN over polling, no GET held: everything waits in the buffer ----
                row(POLLING, "GET", SessionHarness::get, OPEN_POLLING, hears(), wire(), NOT_COUNTED),
                row(
                        POLLING,
                        "send 'hello', then GET",
                        h -> {
                            h.send("hello");
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4hello"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "send 'a', send 'b' with a binary, then GET",
                        h -> {
                            h.send("a");
                            h.session.send("b", List.of(new byte[] {1, 2, 3}), SendFlags.NORMAL);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4a" + SEP + "4b" + SEP + "bAQID"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "send a shared (broadcast) message, then GET",
                        h -> {
                            h.session.send(new SharedMessage("all"), List.of(), SendFlags.NORMAL);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4all"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "volatile send (dropped), then GET (held)",
                        h -> {
                            h.sendVolatile("v");
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "send exactly maxBufferedBytes",
                        h -> h.send(AT_BOUND),
                        OPEN_POLLING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "send past maxBufferedBytes (slow client)",
                        h -> {
                            h.send(AT_BOUND);
                            h.send("y");
                        },
                        CLOSED,
                        hears("close: transport error"),
                        wire(),
                        SLOW_CLIENT),
                row(
                        POLLING,
                        "POST '4hi'",
                        h -> h.post("4hi"),
                        OPEN_POLLING,
                        hears("message hi"),
                        wire("POST -> ok"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "POST '4a<sep>4b'",
                        h -> h.post("4a" + SEP + "4b"),
                        OPEN_POLLING,
                        hears("message a", "message b"),
                        wire("POST -> ok"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "POST a base64 binary 'bAQID'",
                        h -> h.post("bAQID"),
                        OPEN_POLLING,
                        hears("binary [1, 2, 3]"),
                        wire("POST -> ok"),
                        NOT_COUNTED),
                row(POLLING, "POST noop '6'", h -> h.post("6"), OPEN_POLLING, hears(), wire("POST -> ok"), NOT_COUNTED),
                row(
                        POLLING,
                        "POST then POST (each claim ends with its body)",
                        h -> {
                            h.post("4a");
                            h.post("4b");
                        },
                        OPEN_POLLING,
                        hears("message a", "message b"),
                        wire("POST -> ok", "POST -> ok"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "POST close '1'",
                        h -> h.post("1"),
                        CLOSED,
                        hears("close: transport close"),
                        wire("POST -> ok"),
                        TRANSPORT_CLOSE),
                row(
                        POLLING,
                        "POST a client ping '2'",
                        h -> h.post("2"),
                        CLOSED,
                        hears("close: transport error"),
                        wire("POST -> 400"),
                        CLIENT_PING),
                row(
                        POLLING,
                        "POST '4a<sep>2<sep>4b' (a ping in the middle)",
                        h -> h.post("4a" + SEP + "2" + SEP + "4b"),
                        CLOSED,
                        hears("message a", "close: transport error"),
                        wire("POST -> 400"),
                        CLIENT_PING),
                row(
                        POLLING,
                        "POST an unknown packet type 'x'",
                        h -> h.post("x"),
                        CLOSED,
                        hears("close: parse error"),
                        wire("POST -> 400"),
                        PARSE_ERROR),
                row(
                        POLLING,
                        "POST an empty body",
                        h -> h.post(""),
                        CLOSED,
                        hears("close: parse error"),
                        wire("POST -> 400"),
                        PARSE_ERROR),
                row(
                        POLLING,
                        "POST '4a<sep>' (an empty packet)",
                        h -> h.post("4a" + SEP),
                        CLOSED,
                        hears("message a", "close: parse error"),
                        wire("POST -> 400"),
                        PARSE_ERROR),
                row(
                        POLLING,
                        "POST bad base64 'b!!'",
                        h -> h.post("b!!"),
                        CLOSED,
                        hears("close: parse error"),
                        wire("POST -> 400"),
                        PARSE_ERROR),
                row(
                        POLLING,
                        "POST '4big<sep>4next', the Socket.IO layer closes on 'big'",
                        h -> {
                            h.onMessage(text -> h.session.close(PACKET_TOO_LARGE));
                            h.post("4big" + SEP + "4next");
                        },
                        CLOSING,
                        hears("message big", "close: parse error"),
                        wire("POST -> ok"),
                        PACKET_TOO_LARGE),
                row(
                        POLLING,
                        "two POSTs claimed at once, then the first body",
                        h -> {
                            h.claimPost();
                            h.claimPost();
                            h.postBody("4late");
                        },
                        CLOSED,
                        hears("close: transport error"),
                        wire("POST claimed", "POST refused", "POST -> ok"),
                        TRANSPORT_ERROR),
                row(
                        POLLING,
                        "the transport fails (an oversized body, say)",
                        h -> h.session.fail(TRANSPORT_ERROR),
                        CLOSED,
                        hears("close: transport error"),
                        wire(),
                        TRANSPORT_ERROR),
                row(
                        POLLING,
                        "pingInterval - 1 ms passes, then GET",
                        h -> {
                            h.advance(PING_INTERVAL_MS - 1);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "pingInterval passes, then GET",
                        h -> {
                            h.advance(PING_INTERVAL_MS);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 2"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "pingInterval + pingTimeout pass without a pong",
                        h -> h.advance(PING_INTERVAL_MS + PING_TIMEOUT_MS),
                        CLOSED,
                        hears("close: ping timeout"),
                        wire(),
                        PING_TIMEOUT),
                row(
                        POLLING,
                        "ping fetched, pong POSTed, pingTimeout passes",
                        h -> {
                            h.advance(PING_INTERVAL_MS);
                            h.get();
                            h.post("3");
                            h.advance(PING_TIMEOUT_MS);
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 2", "POST -> ok"),
                        NOT_COUNTED),
                row(
                        POLLING,
                        "server close('bye'): the close packet waits for a GET",
                        h -> h.session.close("bye"),
                        CLOSING,
                        hears("close: bye"),
                        wire(),
                        SERVER_CLOSE),
                row(
                        POLLING,
                        "send DISCONNECT, server close, GET, GET",
                        h -> {
                            h.send("1");
                            h.session.close("bye");
                            h.get();
                            h.get();
                        },
                        CLOSED,
                        hears("close: bye"),
                        wire("poll1 <- 41", "poll2 <- 1"),
                        SERVER_CLOSE),
                row(
                        POLLING,
                        "server close with a cause (the Socket.IO layer's parse error)",
                        h -> h.session.close(PARSE_ERROR),
                        CLOSING,
                        hears("close: parse error"),
                        wire(),
                        PARSE_ERROR),
                row(
                        POLLING,
                        "a probe attaches",
                        h -> h.attachProbe(h.probe),
                        UPGRADING,
                        hears(),
                        wire("probe attached"),
                        NOT_COUNTED),

                // ---- OPEN over polling with a GET held: the next packet answers it ----
                row(
                        POLLING_HELD,
                        "send 'hello'",
                        h -> h.send("hello"),
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4hello"),
                        NOT_COUNTED),
                row(
                        POLLING_HELD,
                        "volatile send",
                        h -> h.sendVolatile("v"),
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4v"),
                        NOT_COUNTED),
                row(
                        POLLING_HELD,
                        "send 'a' with a binary",
                        h -> h.session.send("a", List.of(new byte[] {1, 2, 3}), SendFlags.NORMAL),
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 4a" + SEP + "bAQID"),
                        NOT_COUNTED),
                row(
                        POLLING_HELD,
                        "a second GET (overlap)",
                        SessionHarness::get,
                        CLOSED,
                        hears("close: transport error"),
                        wire("poll2 failed BAD_REQUEST", "poll1 <- 1"),
                        TRANSPORT_ERROR),
                row(
                        POLLING_HELD,
                        "the held GET's connection drops",
                        h -> h.dropConnection(h.poll(1)),
                        CLOSED,
                        hears("close: transport close"),
                        wire(),
                        TRANSPORT_CLOSE),
                row(
                        POLLING_HELD,
                        "pingInterval passes",
                        h -> h.advance(PING_INTERVAL_MS),
                        OPEN_POLLING,
                        hears(),
                        wire("poll1 <- 2"),
                        NOT_COUNTED),
                row(
                        POLLING_HELD,
                        "ping fetched, GET held again, pingTimeout passes",
                        h -> {
                            h.advance(PING_INTERVAL_MS);
                            h.get();
                            h.advance(PING_TIMEOUT_MS);
                        },
                        CLOSED,
                        hears("close: ping timeout"),
                        wire("poll1 <- 2", "poll2 <- 1"),
                        PING_TIMEOUT),
                row(
                        POLLING_HELD,
                        "POST '4hi'",
                        h -> h.post("4hi"),
                        OPEN_POLLING,
                        hears("message hi"),
                        wire("POST -> ok"),
                        NOT_COUNTED),
                row(
                        POLLING_HELD,
                        "POST close '1'",
                        h -> h.post("1"),
                        CLOSED,
                        hears("close: transport close"),
                        wire("poll1 <- 1", "POST -> ok"),
                        TRANSPORT_CLOSE),
                row(
                        POLLING_HELD,
                        "POST a client ping '2'",
                        h -> h.post("2"),
                        CLOSED,
                        hears("close: transport error"),
                        wire("poll1 <- 1", "POST -> 400"),
                        CLIENT_PING),
                row(
                        POLLING_HELD,
                        "POST an unknown packet type 'x'",
                        h -> h.post("x"),
                        CLOSED,
                        hears("close: parse error"),
                        wire("poll1 <- 1", "POST -> 400"),
                        PARSE_ERROR),
                row(
                        POLLING_HELD,
                        "POST '4big', the Socket.IO layer closes on it",
                        h -> {
                            h.onMessage(text -> h.session.close(PACKET_TOO_LARGE));
                            h.post("4big");
                        },
                        CLOSED,
                        hears("message big", "close: parse error"),
                        wire("poll1 <- 1", "POST -> ok"),
                        PACKET_TOO_LARGE),
                row(
                        POLLING_HELD,
                        "two POSTs claimed at once",
                        h -> {
                            h.claimPost();
                            h.claimPost();
                        },
                        CLOSED,
                        hears("close: transport error"),
                        wire("POST claimed", "poll1 <- 1", "POST refused"),
                        TRANSPORT_ERROR),
                row(
                        POLLING_HELD,
                        "server close('bye')",
                        h -> h.session.close("bye"),
                        CLOSED,
                        hears("close: bye"),
                        wire("poll1 <- 1"),
                        SERVER_CLOSE),
                row(
                        POLLING_HELD,
                        "send DISCONNECT, server close: the close packet waits for the next GET",
                        h -> {
                            h.send("1");
                            h.session.close("bye");
                        },
                        CLOSING,
                        hears("close: bye"),
                        wire("poll1 <- 41"),
                        SERVER_CLOSE),
                row(
                        POLLING_HELD,
                        "send DISCONNECT, server close, GET",
                        h -> {
                            h.send("1");
                            h.session.close("bye");
                            h.get();
                        },
                        CLOSED,
                        hears("close: bye"),
                        wire("poll1 <- 41", "poll2 <- 1"),
                        SERVER_CLOSE),

                // ---- upgrade: a WebSocket probe attached to a polling session ----
                row(
                        PROBING,
                        "probe sends '2probe'",
                        h -> h.wsText(h.probe, "2probe"),
                        UPGRADING,
                        hears(),
                        wire("probe <- 3probe", "poll1 <- 6"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "probe sends '4x' instead of 2probe",
                        h -> h.wsText(h.probe, "4x"),
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "probe sends a binary frame",
                        h -> h.wsBinary(h.probe, (byte) 1),
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "probe connection closes",
                        h -> h.wsClosed(h.probe),
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "upgradeTimeout - 1 ms passes",
                        h -> h.advance(UPGRADE_TIMEOUT_MS - 1),
                        UPGRADING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "upgradeTimeout passes",
                        h -> h.advance(UPGRADE_TIMEOUT_MS),
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "a second probe attaches",
                        h -> h.attachProbe(h.newSink("probe2")),
                        UPGRADING,
                        hears(),
                        wire("probe2 refused"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "probe sends '5' without 2probe",
                        h -> h.wsText(h.probe, "5"),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("poll1 <- 6"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "send 'hello' (still polling)",
                        h -> h.send("hello"),
                        UPGRADING,
                        hears(),
                        wire("poll1 <- 4hello"),
                        NOT_COUNTED),
                row(
                        PROBING,
                        "server close('bye')",
                        h -> h.session.close("bye"),
                        CLOSED,
                        hears("close: bye"),
                        wire("probe.close", "poll1 <- 1"),
                        SERVER_CLOSE),
                row(
                        PROBING,
                        "POST a client ping '2'",
                        h -> h.post("2"),
                        CLOSED,
                        hears("close: transport error"),
                        wire("probe.close", "poll1 <- 1", "POST -> 400"),
                        CLIENT_PING),
                row(
                        PROBED,
                        "probe sends '5'",
                        h -> h.wsText(h.probe, "5"),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "send 'a' with a binary (buffered), then probe sends '5'",
                        h -> {
                            h.session.send("a", List.of(new byte[] {1, 2, 3}), SendFlags.NORMAL);
                            h.wsText(h.probe, "5");
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("probe <- 4a", "probe <- binary [1, 2, 3]"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "probe sends '5', then send 'hello'",
                        h -> {
                            h.wsText(h.probe, "5");
                            h.send("hello");
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("probe <- 4hello"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "probe sends '5', then the client's text '4hi' on it",
                        h -> {
                            h.wsText(h.probe, "5");
                            h.wsText(h.probe, "4hi");
                        },
                        OPEN_WEBSOCKET,
                        hears("message hi"),
                        wire(),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "probe sends '5', then a GET",
                        h -> {
                            h.wsText(h.probe, "5");
                            h.get();
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("poll2 failed BAD_REQUEST"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "probe sends '5', then upgradeTimeout passes",
                        h -> {
                            h.wsText(h.probe, "5");
                            h.advance(UPGRADE_TIMEOUT_MS);
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "GET: answered at once with a noop",
                        SessionHarness::get,
                        UPGRADING,
                        hears(),
                        wire("poll2 <- 6"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "send 'hello', then GET",
                        h -> {
                            h.send("hello");
                            h.get();
                        },
                        UPGRADING,
                        hears(),
                        wire("poll2 <- 4hello" + SEP + "6"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "volatile send (no GET held: dropped), then GET",
                        h -> {
                            h.sendVolatile("v");
                            h.get();
                        },
                        UPGRADING,
                        hears(),
                        wire("poll2 <- 6"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "upgradeTimeout passes",
                        h -> h.advance(UPGRADE_TIMEOUT_MS),
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "upgradeTimeout passes, then GET (held again)",
                        h -> {
                            h.advance(UPGRADE_TIMEOUT_MS);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "probe connection closes, then GET (held again)",
                        h -> {
                            h.wsClosed(h.probe);
                            h.get();
                        },
                        OPEN_POLLING,
                        hears(),
                        wire("probe.close"),
                        NOT_COUNTED),
                row(
                        PROBED,
                        "server close('bye'): probe closed, close packet waits for a GET",
                        h -> h.session.close("bye"),
                        CLOSING,
                        hears("close: bye"),
                        wire("probe.close"),
                        SERVER_CLOSE),

                // ---- OPEN over WebSocket: written at once, bounded by the socket's backlog ----
                row(
                        WEBSOCKET,
                        "send 'hello'",
                        h -> h.send("hello"),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4hello"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send 'a' with a binary",
                        h -> h.session.send("a", List.of(new byte[] {1, 2, 3}), SendFlags.NORMAL),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4a", "ws <- binary [1, 2, 3]"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send 'a' with a binary, compress(false)",
                        h -> h.session.send("a", List.of(new byte[] {1, 2, 3}), new SendFlags(false, false)),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4a (uncompressed)", "ws <- binary [1, 2, 3] (uncompressed)"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send a shared (broadcast) message",
                        h -> h.session.send(new SharedMessage("all"), List.of(), SendFlags.NORMAL),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4all"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "volatile send while writable",
                        h -> h.sendVolatile("v"),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4v"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "volatile send while not writable (dropped)",
                        h -> {
                            h.ws.writable = false;
                            h.sendVolatile("v");
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send while not writable (written: the backlog bound decides)",
                        h -> {
                            h.ws.writable = false;
                            h.send("x");
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4x"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send with maxBufferedBytes pending on the socket",
                        h -> {
                            h.ws.pendingBytes = MAX_BUFFERED_BYTES;
                            h.send("x");
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 4x"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "send with more than maxBufferedBytes pending (slow client)",
                        h -> {
                            h.ws.pendingBytes = MAX_BUFFERED_BYTES + 1;
                            h.send("x");
                        },
                        CLOSED,
                        hears("close: transport error"),
                        wire("ws <- 4x", "ws.abort", "ws.close"),
                        SLOW_CLIENT),
                row(
                        WEBSOCKET,
                        "text '4hi'",
                        h -> h.wsText(h.ws, "4hi"),
                        OPEN_WEBSOCKET,
                        hears("message hi"),
                        wire(),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "binary frame",
                        h -> h.wsBinary(h.ws, (byte) 1, (byte) 2),
                        OPEN_WEBSOCKET,
                        hears("binary [1, 2]"),
                        wire(),
                        NOT_COUNTED),
                row(WEBSOCKET, "text noop '6'", h -> h.wsText(h.ws, "6"), OPEN_WEBSOCKET, hears(), wire(), NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "text close '1'",
                        h -> h.wsText(h.ws, "1"),
                        CLOSED,
                        hears("close: transport close"),
                        wire("ws.close"),
                        TRANSPORT_CLOSE),
                row(
                        WEBSOCKET,
                        "text client ping '2'",
                        h -> h.wsText(h.ws, "2"),
                        CLOSED,
                        hears("close: transport error"),
                        wire("ws.close"),
                        CLIENT_PING),
                row(
                        WEBSOCKET,
                        "text unknown packet type 'x'",
                        h -> h.wsText(h.ws, "x"),
                        CLOSED,
                        hears("close: parse error"),
                        wire("ws.close"),
                        PARSE_ERROR),
                row(
                        WEBSOCKET,
                        "empty text frame",
                        h -> h.wsText(h.ws, ""),
                        CLOSED,
                        hears("close: parse error"),
                        wire("ws.close"),
                        PARSE_ERROR),
                row(
                        WEBSOCKET,
                        "the socket closes",
                        h -> h.wsClosed(h.ws),
                        CLOSED,
                        hears("close: transport close"),
                        wire("ws.close"),
                        TRANSPORT_CLOSE),
                row(
                        WEBSOCKET,
                        "the transport fails",
                        h -> h.session.fail(TRANSPORT_ERROR),
                        CLOSED,
                        hears("close: transport error"),
                        wire("ws.close"),
                        TRANSPORT_ERROR),
                row(
                        WEBSOCKET,
                        "pingInterval passes",
                        h -> h.advance(PING_INTERVAL_MS),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 2"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "pingInterval + pingTimeout pass without a pong",
                        h -> h.advance(PING_INTERVAL_MS + PING_TIMEOUT_MS),
                        CLOSED,
                        hears("close: ping timeout"),
                        wire("ws <- 2", "ws.close"),
                        PING_TIMEOUT),
                row(
                        WEBSOCKET,
                        "ping, pong, pingTimeout passes",
                        h -> {
                            h.advance(PING_INTERVAL_MS);
                            h.wsText(h.ws, "3");
                            h.advance(PING_TIMEOUT_MS);
                        },
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("ws <- 2"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "server close('bye')",
                        h -> h.session.close("bye"),
                        CLOSED,
                        hears("close: bye"),
                        wire("ws <- 1", "ws.close"),
                        SERVER_CLOSE),
                row(
                        WEBSOCKET,
                        "send DISCONNECT, server close",
                        h -> {
                            h.send("1");
                            h.session.close("bye");
                        },
                        CLOSED,
                        hears("close: bye"),
                        wire("ws <- 41", "ws <- 1", "ws.close"),
                        SERVER_CLOSE),
                row(
                        WEBSOCKET,
                        "text '4big', the Socket.IO layer closes on it",
                        h -> {
                            h.onMessage(text -> h.session.close(PACKET_TOO_LARGE));
                            h.wsText(h.ws, "4big");
                        },
                        CLOSED,
                        hears("message big", "close: parse error"),
                        wire("ws <- 1", "ws.close"),
                        PACKET_TOO_LARGE),
                row(
                        WEBSOCKET,
                        "a GET",
                        SessionHarness::get,
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("poll1 failed BAD_REQUEST"),
                        NOT_COUNTED),
                row(
                        WEBSOCKET,
                        "a probe attaches",
                        h -> h.attachProbe(h.probe),
                        OPEN_WEBSOCKET,
                        hears(),
                        wire("probe refused"),
                        NOT_COUNTED),

                // ---- CLOSING over polling: only the close packet is left to deliver ----
                row(CLOSING_POLLING, "GET", SessionHarness::get, CLOSED, hears(), wire("poll1 <- 1"), NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "send 'late' (ignored), then GET",
                        h -> {
                            h.send("late");
                            h.get();
                        },
                        CLOSED,
                        hears(),
                        wire("poll1 <- 1"),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "POST '4hi' (ignored)",
                        h -> h.post("4hi"),
                        CLOSING,
                        hears(),
                        wire("POST -> ok"),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "server close again",
                        h -> h.session.close("again"),
                        CLOSING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "the transport fails",
                        h -> h.session.fail(TRANSPORT_ERROR),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "a probe attaches",
                        h -> h.attachProbe(h.probe),
                        CLOSING,
                        hears(),
                        wire("probe refused"),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "closing grace - 1 ms passes",
                        h -> h.advance(CLOSING_GRACE_MS - 1),
                        CLOSING,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        CLOSING_POLLING,
                        "closing grace passes without a GET",
                        h -> h.advance(CLOSING_GRACE_MS),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED),

                // ---- CLOSED: nothing happens any more ----
                row(CLOSED_POLLING, "send 'late'", h -> h.send("late"), CLOSED, hears(), wire(), NOT_COUNTED),
                row(
                        CLOSED_POLLING,
                        "GET",
                        SessionHarness::get,
                        CLOSED,
                        hears(),
                        wire("poll1 failed BAD_REQUEST"),
                        NOT_COUNTED),
                row(CLOSED_POLLING, "POST '4hi'", h -> h.post("4hi"), CLOSED, hears(), wire("POST -> ok"), NOT_COUNTED),
                row(CLOSED_POLLING, "server close", h -> h.session.close("bye"), CLOSED, hears(), wire(), NOT_COUNTED),
                row(
                        CLOSED_POLLING,
                        "the transport fails",
                        h -> h.session.fail(TRANSPORT_ERROR),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        CLOSED_POLLING,
                        "a probe attaches",
                        h -> h.attachProbe(h.probe),
                        CLOSED,
                        hears(),
                        wire("probe refused"),
                        NOT_COUNTED),
                row(
                        CLOSED_POLLING,
                        "pingInterval + pingTimeout pass",
                        h -> h.advance(PING_INTERVAL_MS + PING_TIMEOUT_MS),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(CLOSED_WEBSOCKET, "send 'late'", h -> h.send("late"), CLOSED, hears(), wire(), NOT_COUNTED),
                row(CLOSED_WEBSOCKET, "text '4hi'", h -> h.wsText(h.ws, "4hi"), CLOSED, hears(), wire(), NOT_COUNTED),
                row(
                        CLOSED_WEBSOCKET,
                        "the socket closes again",
                        h -> h.wsClosed(h.ws),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED),
                row(
                        CLOSED_WEBSOCKET,
                        "server close",
                        h -> h.session.close("bye"),
                        CLOSED,
                        hears(),
                        wire(),
                        NOT_COUNTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void transition(Row row) {
        SessionHarness h = row.given().start();

        row.action().accept(h);

        // the row in every message: build reports name parameterized cases by index only
        assertThat(h.heard).as("%s: listener heard", row).containsExactlyElementsOf(row.hears());
        assertThat(h.wire).as("%s: wire", row).containsExactlyElementsOf(row.wire());
        assertThat(After.of(h)).as("%s: state after", row).isEqualTo(row.then());
        assertThat(h.countedSinceMark())
                .as("%s: disconnects counted", row)
                .isEqualTo(row.counted() == null ? Map.of() : Map.of(row.counted(), 1L));
        h.assertInvariants(row);
    }

    // ---- sequences that read better as stories ----

    @Test
    void openOverPollingOffersTheUpgrade() {
        SessionHarness h = SessionHarness.polling();

        assertThat(h.session.openPacket())
                .isEqualTo("0{\"sid\":\"" + h.session.id() + "\",\"upgrades\":[\"websocket\"],"
                        + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":100000}");
        assertThat(After.of(h)).isEqualTo(OPEN_POLLING);
        assertThat(h.heard).isEmpty();
        assertThat(h.wire).isEmpty();
    }

    @Test
    void openOverPollingOnAPollingOnlyServerOffersNoUpgrade() {
        EngineSettings pollingOnly = new EngineSettings(
                EnumSet.of(Transport.POLLING),
                PING_INTERVAL_MS,
                PING_TIMEOUT_MS,
                SessionHarness.MAX_PAYLOAD,
                UPGRADE_TIMEOUT_MS,
                MAX_BUFFERED_BYTES);
        SessionHarness h = SessionHarness.polling(pollingOnly);

        assertThat(h.session.openPacket()).contains("\"upgrades\":[]");
    }

    @Test
    void openOverWebSocketWritesTheOpenPacketAtOnce() {
        SessionHarness h = SessionHarness.webSocket();

        assertThat(h.wire)
                .containsExactly("ws <- 0{\"sid\":\"" + h.session.id() + "\",\"upgrades\":[],"
                        + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":100000}");
        assertThat(After.of(h)).isEqualTo(OPEN_WEBSOCKET);
        h.assertInvariants();
    }

    @Test
    void aPongPostponesTheNextPingByAFullIntervalAndDisarmsTheTimeout() {
        SessionHarness h = SessionHarness.webSocket();
        h.mark();

        h.advance(PING_INTERVAL_MS);
        assertThat(h.wire).containsExactly("ws <- 2");
        h.advance(PING_TIMEOUT_MS - 1);
        h.wsText(h.ws, "3");
        h.advance(PING_INTERVAL_MS - 1);
        assertThat(h.wire)
                .as("no new ping before a full interval after the pong")
                .containsExactly("ws <- 2");
        h.advance(1);
        assertThat(h.wire).containsExactly("ws <- 2", "ws <- 2");
        h.advance(PING_TIMEOUT_MS - 1);
        assertThat(After.of(h)).isEqualTo(OPEN_WEBSOCKET);
        h.advance(1);

        assertThat(After.of(h)).as("second ping unanswered").isEqualTo(CLOSED);
        assertThat(h.heard).containsExactly("close: ping timeout");
        assertThat(h.countedSinceMark()).isEqualTo(Map.of(PING_TIMEOUT, 1L));
        h.assertInvariants();
    }

    @Test
    void upgradeFromPollingToWebSocket() {
        SessionHarness h = SessionHarness.polling();
        FakePoll held = h.get();

        h.attachProbe(h.probe);
        h.wsText(h.probe, "2probe");
        assertThat(h.wire).containsExactly("probe attached", "probe <- 3probe", "poll1 <- 6");
        assertThat(held.answers).isEqualTo(1);

        // the client paused polling; what the server sends meanwhile waits for the new transport
        h.send("during");
        h.wsText(h.probe, "5");
        assertThat(After.of(h)).isEqualTo(OPEN_WEBSOCKET);
        assertThat(h.session.upgrading()).isFalse();

        h.send("after");
        h.wsText(h.probe, "4from-client");
        h.advance(UPGRADE_TIMEOUT_MS);
        h.advance(PING_INTERVAL_MS - UPGRADE_TIMEOUT_MS);

        assertThat(h.wire)
                .containsExactly(
                        "probe attached",
                        "probe <- 3probe",
                        "poll1 <- 6",
                        "probe <- 4during",
                        "probe <- 4after",
                        "probe <- 2");
        assertThat(h.heard).containsExactly("message from-client");
        assertThat(h.countedSinceMark()).isEmpty();
        h.assertInvariants();
    }

    @Test
    void aProbeThatTimedOutLeavesAPollingSessionThatCanUpgradeAgain() {
        SessionHarness h = SessionHarness.polling();
        h.get();
        h.attachProbe(h.probe);
        h.wsText(h.probe, "2probe");
        h.advance(UPGRADE_TIMEOUT_MS);
        h.mark();

        FakePoll held = h.get();
        FakeSink second = h.newSink("probe2");
        h.attachProbe(second);
        h.send("hello");

        assertThat(h.wire).containsExactly("probe2 attached", "poll2 <- 4hello");
        assertThat(held.answers).isEqualTo(1);
        h.get();
        h.wsText(second, "2probe");
        h.wsText(second, "5");
        assertThat(h.wire).containsExactly("probe2 attached", "poll2 <- 4hello", "probe2 <- 3probe", "poll3 <- 6");
        assertThat(After.of(h)).isEqualTo(OPEN_WEBSOCKET);
        h.assertInvariants();
    }
}
