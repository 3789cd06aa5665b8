package org.socketiooperator.server.engine;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import org.socketiooperator.server.api.Transport;

/**
 * One Engine.IO v4 session. All state lives on one event loop ({@link #eventLoop()}): callers from
 * other threads hop there, so there are no locks. Outgoing packets are buffered until the current
 * transport can take them: at once over WebSocket, with the next held GET over polling.
 */
public final class EngineSession implements EngineConnection {

    private static final char SEPARATOR = '\u001e';
    private static final long CLOSING_GRACE_MS = 2_000;

    private enum State { OPEN, CLOSING, CLOSED }

    private final String id;
    private final EventLoop loop;
    private final EngineSettings settings;
    private final Runnable onRemoved;
    private final ArrayDeque<Object> buffer = new ArrayDeque<>();

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

    EngineSession(String id, EventLoop loop, EngineSettings settings, Transport transport, Runnable onRemoved) {
        this.id = id;
        this.loop = loop;
        this.settings = settings;
        this.transport = transport;
        this.onRemoved = onRemoved;
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
        boolean canUpgrade = transport == Transport.POLLING && settings.transports().contains(Transport.WEBSOCKET);
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
                buffer.add(message);
                buffer.addAll(binaries);
            } else {
                buffer.add(new Uncompressed(message));
                binaries.forEach(binary -> buffer.add(new Uncompressed(binary)));
            }
            flush();
        });
    }

    /** A buffered item whose WebSocket frame must skip permessage-deflate. */
    private record Uncompressed(Object item) {
    }

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
            for (Object queued = buffer.poll(); queued != null; queued = buffer.poll()) {
                boolean compress = !(queued instanceof Uncompressed);
                Object item = queued instanceof Uncompressed plain ? plain.item() : queued;
                if (item instanceof String text) {
                    ws.sendText(text, compress);
                } else if (item instanceof SharedMessage shared) {
                    ws.sendText(shared.utf8(), compress);
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
        for (Object queued = buffer.poll(); queued != null; queued = buffer.poll()) {
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
                onTransportClose("transport error");
                return;
            }
            pendingPoll = responder;
            if (probeConfirmed) {
                // mid-upgrade: the client only polls to drain; a held GET would stall the upgrade
                buffer.add("6");
            }
            if (state == State.CLOSING) {
                if (buffer.isEmpty()) {
                    buffer.add("1");
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
                    onTransportClose("transport close");
                }
            }
        });
    }

    /** A polling POST body; returns false (and closes the session) when it is malformed. */
    public boolean onPollData(String body) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("call on the session's event loop");
        }
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
                onTransportClose("parse error");
                return false;
            }
            if (packet.charAt(0) == 'b') {
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(packet.substring(1));
                } catch (IllegalArgumentException e) {
                    onTransportClose("parse error");
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
        upgradeTimer = loop.schedule(() -> {
            if (probe == sink) {
                probe = null;
                sink.close();
            }
        }, settings.upgradeTimeoutMs(), TimeUnit.MILLISECONDS);
        return true;
    }

    public void onWsText(FrameSink from, String text) {
        execute(() -> {
            if (from == probe) {
                onProbeText(from, text);
            } else if (from == ws && state == State.OPEN) {
                onTextPacket(text);
            }
        });
    }

    public void onWsBinary(FrameSink from, byte[] data) {
        execute(() -> {
            if (from == ws && state == State.OPEN) {
                listener.onBinary(data);
            } else if (from == probe) {
                closeProbe();
            }
        });
    }

    public void onWsClosed(FrameSink from) {
        execute(() -> {
            if (from == probe) {
                closeProbe();
            } else if (from == ws && state == State.OPEN) {
                onTransportClose("transport close");
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
                buffer.add("6");
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
            onTransportClose("parse error");
            return false;
        }
        switch (packet.charAt(0)) {
            case '4' -> listener.onMessage(packet.substring(1));
            case '3' -> {
                cancel(pingTimeoutTimer);
                schedulePing();
            }
            case '1' -> onTransportClose("transport close");
            case '2' -> {
                buffer.add("3" + packet.substring(1));
                flush();
            }
            case '6' -> {
                // noop
            }
            default -> {
                onTransportClose("parse error");
                return false;
            }
        }
        return true;
    }

    // ---- heartbeat ----

    private void schedulePing() {
        cancel(pingTimer);
        pingTimer = loop.schedule(() -> {
            if (state != State.OPEN) {
                return;
            }
            buffer.add("2");
            flush();
            cancel(pingTimeoutTimer);
            pingTimeoutTimer = loop.schedule(() -> {
                if (state == State.OPEN) {
                    onTransportClose("ping timeout");
                }
            }, settings.pingTimeoutMs(), TimeUnit.MILLISECONDS);
        }, settings.pingIntervalMs(), TimeUnit.MILLISECONDS);
    }

    // ---- closing ----

    /** Server-side close: delivers what is buffered plus a close packet, then forgets the session. */
    @Override
    public void close(String reason) {
        execute(() -> {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            stopTimers();
            closeProbe();
            notifyClosed(reason);
            if (transport == Transport.WEBSOCKET) {
                buffer.add("1");
                flush();
                finish();
            } else if (pendingPoll != null && buffer.isEmpty()) {
                buffer.add("1");
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
    public void fail(String reason) {
        execute(() -> onTransportClose(reason));
    }

    /** The client went away or broke the protocol. */
    private void onTransportClose(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSING;
        stopTimers();
        closeProbe();
        if (wasOpen) {
            notifyClosed(reason);
        }
        if (pendingPoll != null) {
            PollResponder poll = pendingPoll;
            pendingPoll = null;
            poll.respond("1");
        }
        finish();
    }

    private void notifyClosed(String reason) {
        // the buffer survives: packets queued before the close (DISCONNECT, say) still go out
        listener.onClose(reason);
    }

    private void finish() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        buffer.clear();
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
