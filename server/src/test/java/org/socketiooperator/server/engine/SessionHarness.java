package org.socketiooperator.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.socketiooperator.server.api.Transport;

/**
 * One Engine.IO session opened through a real {@link EngineServer}, surrounded by fakes that write down
 * what happens: {@link #heard} is what the Socket.IO layer (the {@link SessionListener}) heard, {@link #wire}
 * what the Netty layer was asked to do (frames written to a WebSocket, held GETs answered or failed, POSTs
 * answered), in order. The session lives on an {@link EmbeddedChannel}'s event loop, whose clock is frozen
 * and only moves through {@link #advance}: every caller is "on the loop", and timers fire exactly when due.
 */
final class SessionHarness {

    static final long PING_INTERVAL_MS = 25_000;
    static final long PING_TIMEOUT_MS = 20_000;
    static final long UPGRADE_TIMEOUT_MS = 10_000;
    static final int MAX_PAYLOAD = 100_000;
    static final int MAX_BUFFERED_BYTES = 1_000;
    /** How long a server-closed polling session waits for the poll that carries its close packet. */
    static final long CLOSING_GRACE_MS = 2_000;

    static final EngineSettings SETTINGS = new EngineSettings(
            EnumSet.of(Transport.POLLING, Transport.WEBSOCKET),
            PING_INTERVAL_MS,
            PING_TIMEOUT_MS,
            MAX_PAYLOAD,
            UPGRADE_TIMEOUT_MS,
            MAX_BUFFERED_BYTES);

    private static final HandshakeRequest HANDSHAKE =
            new HandshakeRequest(Map.of(), Map.of("EIO", "4"), "127.0.0.1", "/socket.io/?EIO=4", false, false);

    /** What the listener heard: {@code message hi}, {@code binary [1, 2]}, {@code close: transport close}. */
    final List<String> heard = new ArrayList<>();
    /** What the transport layer saw: {@code ws <- 4hi}, {@code ws.close}, {@code poll1 <- 1}, {@code POST -> 400}. */
    final List<String> wire = new ArrayList<>();

    final EngineServer engine;
    final FakeSink ws = new FakeSink("ws");
    final FakeSink probe = new FakeSink("probe");
    EngineSession session;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<FakeSink> sinks = new ArrayList<>(List.of(ws, probe));
    private final List<FakePoll> polls = new ArrayList<>();
    private Consumer<String> onMessage = text -> {};
    private int framesHandedOver;
    private int framesDone;
    private Map<DisconnectCause, Long> countsAtMark;

    private SessionHarness(EngineSettings settings) {
        channel.freezeTime();
        engine = new EngineServer(settings, (connection, request) -> new RecordingListener());
        mark();
    }

    /** A session just opened over polling (the handshake GET was answered with the open packet). */
    static SessionHarness polling() {
        return polling(SETTINGS);
    }

    static SessionHarness polling(EngineSettings settings) {
        SessionHarness h = new SessionHarness(settings);
        h.session = h.engine.openPolling(h.channel.eventLoop(), HANDSHAKE);
        return h;
    }

    /** A session just opened directly over WebSocket; {@link #ws} received the open packet. */
    static SessionHarness webSocket() {
        SessionHarness h = new SessionHarness(SETTINGS);
        h.session = h.engine.openWebSocket(h.channel.eventLoop(), HANDSHAKE, h.ws);
        return h;
    }

    /** Forgets what was recorded so far: the table's expectations cover only the event under test. */
    void mark() {
        heard.clear();
        wire.clear();
        countsAtMark = engine.disconnects().snapshot();
    }

    // ---- the client, as the Netty layer relays it ----

    /** A long-polling GET, named poll1, poll2, ... in arrival order. */
    FakePoll get() {
        FakePoll poll = new FakePoll("poll" + (polls.size() + 1));
        polls.add(poll);
        session.onPoll(poll);
        return poll;
    }

    /** The n-th GET of this harness, counting from 1. */
    FakePoll poll(int n) {
        return polls.get(n - 1);
    }

    /** The held GET's connection went away. */
    void dropConnection(FakePoll poll) {
        session.onPollAborted(poll);
    }

    /** A POST, claimed and handled as the request handler does; its answer goes to {@link #wire}. */
    void post(String body) {
        if (!session.claimPost()) {
            wire.add("POST refused");
            return;
        }
        postBody(body);
    }

    /** Only the claim of a POST, made on the connection's loop before the body travels to the session. */
    void claimPost() {
        wire.add(session.claimPost() ? "POST claimed" : "POST refused");
    }

    /** Only the body of an already claimed POST. */
    void postBody(String body) {
        wire.add(session.onPollData(body) ? "POST -> ok" : "POST -> 400");
    }

    void wsText(FakeSink from, String text) {
        framesHandedOver++;
        session.onWsText(from, text, () -> framesDone++);
    }

    void wsBinary(FakeSink from, byte... data) {
        framesHandedOver++;
        session.onWsBinary(from, data, () -> framesDone++);
    }

    /** Another WebSocket connection, e.g. a second probe. */
    FakeSink newSink(String name) {
        FakeSink sink = new FakeSink(name);
        sinks.add(sink);
        return sink;
    }

    void wsClosed(FakeSink from) {
        session.onWsClosed(from);
    }

    /** A WebSocket asking to take over the polling session, as the upgrade request handler attaches it. */
    void attachProbe(FakeSink sink) {
        wire.add(sink.name + (session.attachProbe(sink) ? " attached" : " refused"));
    }

    // ---- the server side: the Socket.IO layer ----

    void send(String text) {
        session.send(text, List.of(), SendFlags.NORMAL);
    }

    void sendVolatile(String text) {
        session.send(text, List.of(), new SendFlags(true, true));
    }

    /** What the listener does with the next messages it hears, e.g. close the session as the Socket.IO layer does. */
    void onMessage(Consumer<String> reaction) {
        onMessage = reaction;
    }

    // ---- time ----

    /** Moves the loop's clock forward by {@code ms}, running every timer at its own deadline, in order. */
    void advance(long ms) {
        long remaining = TimeUnit.MILLISECONDS.toNanos(ms);
        while (true) {
            long next = channel.runScheduledPendingTasks();
            channel.checkException();
            if (next < 0 || next > remaining) {
                break;
            }
            channel.advanceTimeBy(next, TimeUnit.NANOSECONDS);
            remaining -= next;
        }
        channel.advanceTimeBy(remaining, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.checkException();
    }

    // ---- outcome ----

    /** Still in the server's registry (OPEN or CLOSING); a session leaves it exactly when it reaches CLOSED. */
    boolean registered() {
        return engine.find(session.id()) != null;
    }

    /** The disconnect causes counted since {@link #mark}, with how often. */
    Map<DisconnectCause, Long> countedSinceMark() {
        Map<DisconnectCause, Long> out = new LinkedHashMap<>();
        engine.disconnects().snapshot().forEach((cause, n) -> {
            long delta = n - countsAtMark.get(cause);
            if (delta != 0) {
                out.put(cause, delta);
            }
        });
        return out;
    }

    /** What holds after any event: frames flushed, each GET answered at most once, every frame's read released. */
    void assertInvariants() {
        assertInvariants("after the sequence");
    }

    void assertInvariants(Object context) {
        for (FakeSink sink : sinks) {
            assertThat(sink.unflushed)
                    .as("%s: %s frames written and not flushed", context, sink.name)
                    .isZero();
        }
        for (FakePoll poll : polls) {
            assertThat(poll.answers).as("%s: %s answers", context, poll.name).isLessThanOrEqualTo(1);
        }
        assertThat(framesDone)
                .as("%s: WebSocket frames whose done callback ran", context)
                .isEqualTo(framesHandedOver);
        if (!registered()) {
            assertThat(session.open()).as("%s: open() after removal", context).isFalse();
        }
    }

    private final class RecordingListener implements SessionListener {

        @Override
        public void onMessage(String text) {
            heard.add("message " + text);
            onMessage.accept(text);
        }

        @Override
        public void onBinary(byte[] data) {
            heard.add("binary " + Arrays.toString(data));
        }

        @Override
        public void onClose(String reason) {
            heard.add("close: " + reason);
        }
    }

    /** A WebSocket connection: frames written are recorded, flushes tracked, writability and backlog set by the test. */
    final class FakeSink implements FrameSink {

        final String name;
        boolean writable = true;
        long pendingBytes;
        int unflushed;

        FakeSink(String name) {
            this.name = name;
        }

        @Override
        public io.netty.channel.EventLoop eventLoop() {
            return channel.eventLoop();
        }

        @Override
        public void sendText(String text, boolean compress) {
            written(text, compress);
        }

        @Override
        public void sendShared(SharedMessage message, boolean compress) {
            written(new String(message.utf8(), StandardCharsets.UTF_8), compress);
        }

        @Override
        public void sendBinary(byte[] data, boolean compress) {
            written("binary " + Arrays.toString(data), compress);
        }

        private void written(String frame, boolean compress) {
            unflushed++;
            wire.add(name + " <- " + frame + (compress ? "" : " (uncompressed)"));
        }

        @Override
        public void flush() {
            unflushed = 0;
        }

        @Override
        public boolean writable() {
            return writable;
        }

        @Override
        public long pendingBytes() {
            return pendingBytes;
        }

        @Override
        public void close() {
            wire.add(name + ".close");
        }

        @Override
        public void abort() {
            wire.add(name + ".abort");
        }
    }

    /** A long-polling GET as the session answers it. */
    final class FakePoll implements PollResponder {

        final String name;
        int answers;

        FakePoll(String name) {
            this.name = name;
        }

        @Override
        public void respond(String payload) {
            answers++;
            wire.add(name + " <- " + payload);
        }

        @Override
        public void fail(EngineError error) {
            answers++;
            wire.add(name + " failed " + error);
        }
    }
}
