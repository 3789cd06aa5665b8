package org.socketiooperator.server.engine;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.socketiooperator.server.api.Transport;

/**
 * One Engine.IO v4 session. All state lives on one event loop ({@link #eventLoop()}): callers from
 * other threads hop there, so there are no locks. Outgoing packets are buffered until the current
 * transport can take them: at once over WebSocket, with the next held GET over polling. Whatever waits for
 * the client, here or in the socket's outbound buffer, is bounded by {@code maxBufferedBytes}.
 */
public final class EngineSession implements EngineConnection {

    private static final char SEPARATOR = '\u001e';
    private static final long CLOSING_GRACE_MS = 2_000;

    private enum State {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final String id;
    private final EventLoop loop;
    private final EngineSettings settings;
    private final Runnable onRemoved;
    private final EnumCounters<DisconnectCause> disconnects;
    private final ArrayDeque<Object> buffer = new ArrayDeque<>();
    /** Approximate bytes in {@link #buffer}: what a polling client has not fetched yet. */
    private long bufferedBytes;
    /** A polling POST is on its way to this loop; a second one at the same time is a client error. */
    private final AtomicBoolean postInFlight = new AtomicBoolean();

    private SessionListener listener;
    private volatile State state = State.OPEN;
    private volatile Transport transport;
    private FrameSink ws;
    private FrameSink probe;
    private boolean probeConfirmed;
    private PollResponder pendingPoll;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pingTimeoutTimer;
    private ScheduledFuture<?> upgradeTimer;

    EngineSession(
            String id,
            EventLoop loop,
            EngineSettings settings,
            Transport transport,
            Runnable onRemoved,
            EnumCounters<DisconnectCause> disconnects) {
        this.id = id;
        this.loop = loop;
        this.settings = settings;
        this.transport = transport;
        this.onRemoved = onRemoved;
        this.disconnects = disconnects;
    }

    void listener(SessionListener value) {
        this.listener = value;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    public Transport transport() {
        return transport;
    }

    /** True once this session's WebSocket is written by the session's own loop (diagnostics and tests). */
    public boolean webSocketOnOwnLoop() {
        FrameSink sink = ws;
        return sink != null && sink.eventLoop() == loop;
    }

    public boolean upgrading() {
        return probe != null;
    }

    public boolean open() {
        return state == State.OPEN;
    }

    @Override
    public void execute(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** The {@code 0{...}} packet that starts every session. */
    public String openPacket() {
        boolean canUpgrade =
                transport == Transport.POLLING && settings.transports().contains(Transport.WEBSOCKET);
        return "0{\"sid\":\"" + id + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + settings.pingIntervalMs() + ",\"pingTimeout\":" + settings.pingTimeoutMs()
                + ",\"maxPayload\":" + settings.maxPayload() + "}";
    }

    void startHeartbeat() {
        schedulePing();
    }

    // ---- outgoing ----

    @Override
    public void send(String text, List<byte[]> binaries, SendFlags flags) {
        enqueue("4" + text, binaries, flags);
    }

    @Override
    public void send(SharedMessage message, List<byte[]> binaries, SendFlags flags) {
        enqueue(message, binaries, flags);
    }

    private void enqueue(Object message, List<byte[]> binaries, SendFlags flags) {
        execute(() -> {
            if (state != State.OPEN) {
                return;
            }
            if (flags.volatileFlag() && !canWriteNow()) {
                return;
            }
            if (flags.compress()) {
                add(message);
                binaries.forEach(this::add);
            } else {
                add(new Uncompressed(message));
                binaries.forEach(binary -> add(new Uncompressed(binary)));
            }
            flush();
            if (queuedBytes() > settings.maxBufferedBytes()) {
                onTransportClose(DisconnectCause.SLOW_CLIENT);
            }
        });
    }

    private void add(Object item) {
        buffer.add(item);
        bufferedBytes += approximateSize(item);
    }

    private Object poll() {
        Object item = buffer.poll();
        if (item != null) {
            bufferedBytes -= approximateSize(item);
        }
        return item;
    }

    /** UTF-16 length for text (exact for ASCII), base64 length for binary: cheap and close enough for a bound. */
    private static long approximateSize(Object item) {
        Object value = item instanceof Uncompressed plain ? plain.item() : item;
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof SharedMessage shared) {
            return shared.packet().length();
        }
        return ((byte[]) value).length * 4L / 3 + 1;
    }

    /** Bytes waiting for this client: in this session's buffer, and in the WebSocket's outbound buffer. */
    private long queuedBytes() {
        return bufferedBytes + (transport == Transport.WEBSOCKET && ws != null ? ws.pendingBytes() : 0);
    }

    /** A buffered item whose WebSocket frame must skip permessage-deflate. */
    private record Uncompressed(Object item) {}

    private boolean canWriteNow() {
        return transport == Transport.WEBSOCKET ? ws != null && ws.writable() : pendingPoll != null;
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            if (ws == null) {
                return;
            }
            for (Object queued = poll(); queued != null; queued = poll()) {
                boolean compress = !(queued instanceof Uncompressed);
                Object item = queued instanceof Uncompressed plain ? plain.item() : queued;
                if (item instanceof String text) {
                    ws.sendText(text, compress);
                } else if (item instanceof SharedMessage shared) {
                    ws.sendShared(shared, compress);
                } else {
                    ws.sendBinary((byte[]) item, compress);
                }
            }
            ws.flush();
        } else if (pendingPoll != null) {
            PollResponder poll = pendingPoll;
            pendingPoll = null;
            poll.respond(drainPayload());
        }
    }

    private String drainPayload() {
        StringBuilder out = new StringBuilder();
        for (Object queued = poll(); queued != null; queued = poll()) {
            Object item = queued instanceof Uncompressed plain ? plain.item() : queued;
            if (out.length() > 0) {
                out.append(SEPARATOR);
            }
            if (item instanceof String text) {
                out.append(text);
            } else if (item instanceof SharedMessage shared) {
                out.append(shared.packet());
            } else {
                out.append('b').append(Base64.getEncoder().encodeToString((byte[]) item));
            }
        }
        return out.toString();
    }

    // ---- polling ----

    /** A long-polling GET arrived (on any loop); answered now when something is buffered, else held. */
    public void onPoll(PollResponder responder) {
        execute(() -> {
            if (state == State.CLOSED || transport != Transport.POLLING) {
                responder.fail(EngineError.BAD_REQUEST);
                return;
            }
            if (pendingPoll != null) {
                responder.fail(EngineError.BAD_REQUEST);
                onTransportClose(DisconnectCause.TRANSPORT_ERROR);
                return;
            }
            pendingPoll = responder;
            if (probeConfirmed) {
                // mid-upgrade: the client only polls to drain; a held GET would stall the upgrade
                add("6");
            }
            if (state == State.CLOSING) {
                if (buffer.isEmpty()) {
                    add("1");
                    flush();
                    finish();
                } else {
                    // the buffered packets (a DISCONNECT, say) travel alone: in one payload with the close
                    // packet the official client acts on the close first; the close rides the next poll
                    flush();
                }
                return;
            }
            flush();
        });
    }

    /** The held GET's connection went away before it was answered. */
    public void onPollAborted(PollResponder responder) {
        execute(() -> {
            if (pendingPoll == responder) {
                pendingPoll = null;
                if (state == State.OPEN && transport == Transport.POLLING) {
                    onTransportClose(DisconnectCause.TRANSPORT_CLOSE);
                }
            }
        });
    }

    /**
     * Called on the connection's loop when a polling POST arrived, before its body travels to the
     * session's loop: false when another POST is still on its way, which the official server also
     * refuses ("data request overlap"). {@link #onPollData} ends the claim.
     */
    public boolean claimPost() {
        if (postInFlight.compareAndSet(false, true)) {
            return true;
        }
        fail(DisconnectCause.TRANSPORT_ERROR);
        return false;
    }

    /** A polling POST body; returns false (and closes the session) when it is malformed. */
    public boolean onPollData(String body) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("call on the session's event loop");
        }
        postInFlight.set(false);
        if (state != State.OPEN) {
            return true;
        }
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            String packet = body.substring(start, end);
            if (packet.isEmpty()) {
                onTransportClose(DisconnectCause.PARSE_ERROR);
                return false;
            }
            if (packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    onTransportClose(DisconnectCause.PARSE_ERROR);
                    return false;
                }
                listener.onBinary(data);
            } else if (!onTextPacket(packet)) {
                return false;
            }
            if (state != State.OPEN) {
                return true;
            }
            start = end + 1;
        }
        return true;
    }

    // ---- websocket ----

    /** A WebSocket opened directly (no polling first). */
    void attachWebSocket(FrameSink sink) {
        this.ws = sink;
        this.transport = Transport.WEBSOCKET;
    }

    /** A WebSocket that wants to take over this polling session. */
    public boolean attachProbe(FrameSink sink) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("call on the session's event loop");
        }
        if (state != State.OPEN || transport != Transport.POLLING || probe != null) {
            return false;
        }
        probe = sink;
        upgradeTimer = loop.schedule(
                () -> {
                    if (probe == sink) {
                        // closeProbe also forgets a confirmed probe: polling must hold GETs again, not answer each with
                        // a noop
                        closeProbe();
                    }
                },
                settings.upgradeTimeoutMs(),
                TimeUnit.MILLISECONDS);
        return true;
    }

    /** A text frame; {@code done} runs once it was handled, so the connection can pace its reads. */
    public void onWsText(FrameSink from, String text, Runnable done) {
        execute(() -> {
            try {
                if (from == probe) {
                    onProbeText(from, text);
                } else if (from == ws && state == State.OPEN) {
                    onTextPacket(text);
                }
            } finally {
                done.run();
            }
        });
    }

    public void onWsBinary(FrameSink from, byte[] data, Runnable done) {
        execute(() -> {
            try {
                if (from == ws && state == State.OPEN) {
                    listener.onBinary(data);
                } else if (from == probe) {
                    closeProbe();
                }
            } finally {
                done.run();
            }
        });
    }

    public void onWsClosed(FrameSink from) {
        execute(() -> {
            if (from == probe) {
                closeProbe();
            } else if (from == ws && state == State.OPEN) {
                onTransportClose(DisconnectCause.TRANSPORT_CLOSE);
            }
        });
    }

    private void onProbeText(FrameSink from, String text) {
        if ("2probe".equals(text)) {
            probeConfirmed = true;
            from.sendText("3probe", true);
            from.flush();
            // the client waits for its in-flight GET to return before it upgrades: answer it now
            if (pendingPoll != null) {
                add("6");
                flush();
            }
        } else if ("5".equals(text)) {
            cancel(upgradeTimer);
            probe = null;
            probeConfirmed = false;
            if (pendingPoll != null) {
                PollResponder poll = pendingPoll;
                pendingPoll = null;
                poll.respond("6");
            }
            transport = Transport.WEBSOCKET;
            ws = from;
            flush();
        } else {
            closeProbe();
        }
    }

    private void closeProbe() {
        cancel(upgradeTimer);
        probeConfirmed = false;
        FrameSink p = probe;
        probe = null;
        if (p != null) {
            p.close();
        }
    }

    // ---- packets in ----

    private boolean onTextPacket(String packet) {
        if (packet.isEmpty()) {
            onTransportClose(DisconnectCause.PARSE_ERROR);
            return false;
        }
        switch (packet.charAt(0)) {
            case '4' -> listener.onMessage(packet.substring(1));
            case '3' -> {
                cancel(pingTimeoutTimer);
                schedulePing();
            }
            case '1' -> onTransportClose(DisconnectCause.TRANSPORT_CLOSE);
            case '2' -> {
                // In v4 only the server pings; answering client pings would let a client that never reads
                // make the server queue pongs without end. The official server closes here too.
                onTransportClose(DisconnectCause.CLIENT_PING);
                return false;
            }
            case '6' -> {
                // noop
            }
            default -> {
                onTransportClose(DisconnectCause.PARSE_ERROR);
                return false;
            }
        }
        return true;
    }

    // ---- heartbeat ----

    private void schedulePing() {
        cancel(pingTimer);
        pingTimer = loop.schedule(
                () -> {
                    if (state != State.OPEN) {
                        return;
                    }
                    add("2");
                    flush();
                    cancel(pingTimeoutTimer);
                    pingTimeoutTimer = loop.schedule(
                            () -> {
                                if (state == State.OPEN) {
                                    onTransportClose(DisconnectCause.PING_TIMEOUT);
                                }
                            },
                            settings.pingTimeoutMs(),
                            TimeUnit.MILLISECONDS);
                },
                settings.pingIntervalMs(),
                TimeUnit.MILLISECONDS);
    }

    // ---- closing ----

    /** Server-side close: delivers what is buffered plus a close packet, then forgets the session. */
    @Override
    public void close(String reason) {
        close(DisconnectCause.SERVER_CLOSE, reason);
    }

    @Override
    public void close(DisconnectCause cause) {
        // a server close names its own reason; without one it is the official "forced close"
        close(cause, cause.reason() != null ? cause.reason() : "forced close");
    }

    private void close(DisconnectCause cause, String reason) {
        execute(() -> {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            stopTimers();
            closeProbe();
            notifyClosed(cause, reason);
            if (transport == Transport.WEBSOCKET) {
                add("1");
                flush();
                finish();
            } else if (pendingPoll != null && buffer.isEmpty()) {
                add("1");
                flush();
                finish();
            } else {
                // what is buffered (a DISCONNECT, say) goes first and the close packet rides the next
                // poll: in one payload the official client acts on the close before the Socket.IO
                // packets in front of it, which it handles a tick later
                flush();
                loop.schedule(this::finish, CLOSING_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Closes without ceremony because the transport failed (an oversized body, say). */
    public void fail(DisconnectCause cause) {
        execute(() -> onTransportClose(cause));
    }

    /** The client went away, broke the protocol or passed a limit. */
    private void onTransportClose(DisconnectCause cause) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSING;
        stopTimers();
        closeProbe();
        if (wasOpen) {
            notifyClosed(cause, cause.reason());
        }
        if (cause == DisconnectCause.SLOW_CLIENT && ws != null) {
            // it does not read: a close frame would wait behind what it never takes
            ws.abort();
        }
        if (pendingPoll != null) {
            PollResponder poll = pendingPoll;
            pendingPoll = null;
            poll.respond("1");
        }
        finish();
    }

    private void notifyClosed(DisconnectCause cause, String reason) {
        disconnects.count(cause);
        // the buffer survives: packets queued before the close (DISCONNECT, say) still go out
        listener.onClose(reason);
    }

    private void finish() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        buffer.clear();
        bufferedBytes = 0;
        if (ws != null) {
            ws.close();
        }
        onRemoved.run();
    }

    private void stopTimers() {
        cancel(pingTimer);
        cancel(pingTimeoutTimer);
        cancel(upgradeTimer);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
