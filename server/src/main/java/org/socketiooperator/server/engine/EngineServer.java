package org.socketiooperator.server.engine;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.socketiooperator.server.api.Transport;
import org.socketiooperator.server.ids.Ids;

/** The registry of live Engine.IO sessions; the Netty layer asks it to open and find sessions. */
public final class EngineServer {

    private final EngineSettings settings;
    private final SessionAcceptor acceptor;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final EnumCounters<DisconnectCause> disconnects = new EnumCounters<>(DisconnectCause.class);
    private volatile boolean accepting = true;

    public EngineServer(EngineSettings settings, SessionAcceptor acceptor) {
        this.settings = settings;
        this.acceptor = acceptor;
    }

    public EngineSettings settings() {
        return settings;
    }

    public EnumCounters<DisconnectCause> disconnects() {
        return disconnects;
    }

    public boolean accepting() {
        return accepting;
    }

    /** New handshakes are refused from now on; live sessions stay. */
    public void stopAccepting() {
        accepting = false;
    }

    public EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    public int sessionCount() {
        return sessions.size();
    }

    public List<EngineSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /**
     * Opens a polling session on {@code loop} and returns it; the caller answers the handshake GET
     * with {@link EngineSession#openPacket()}. Must run on {@code loop}.
     */
    public EngineSession openPolling(EventLoop loop, HandshakeRequest request) {
        EngineSession session = create(loop, Transport.POLLING, request);
        session.startHeartbeat();
        return session;
    }

    /** Opens a session directly over WebSocket and sends its open packet. Must run on {@code loop}. */
    public EngineSession openWebSocket(EventLoop loop, HandshakeRequest request, FrameSink sink) {
        EngineSession session = create(loop, Transport.WEBSOCKET, request);
        session.attachWebSocket(sink);
        sink.sendText(session.openPacket(), true);
        sink.flush();
        session.startHeartbeat();
        return session;
    }

    private EngineSession create(EventLoop loop, Transport transport, HandshakeRequest request) {
        String sid = Ids.next();
        EngineSession session =
                new EngineSession(sid, loop, settings, transport, () -> sessions.remove(sid), disconnects);
        sessions.put(sid, session);
        session.listener(acceptor.accept(session, request));
        return session;
    }

    public String openPacket(EngineSession session) {
        return session.openPacket();
    }
}
