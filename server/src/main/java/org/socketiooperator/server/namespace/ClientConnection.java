package org.socketiooperator.server.namespace;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.server.api.Handshake;
import org.socketiooperator.server.engine.DisconnectCause;
import org.socketiooperator.server.engine.EngineConnection;
import org.socketiooperator.server.engine.HandshakeRequest;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SessionListener;
import org.socketiooperator.server.engine.SharedMessage;
import org.socketiooperator.server.parser.EncodedPacket;
import org.socketiooperator.server.parser.Packet;
import org.socketiooperator.server.parser.PacketDecoder;
import org.socketiooperator.server.parser.PacketEncoder;
import org.socketiooperator.server.parser.ParseException;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets, connects namespaces, routes packets to
 * the sockets. Confined to the session's event loop.
 */
final class ClientConnection implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z", Locale.ROOT);

    private final EngineConnection conn;
    private final HandshakeRequest request;
    private final NamespaceRegistry registry;
    private final PacketDecoder decoder;
    private final Map<String, SocketImpl> sockets = new HashMap<>();
    private final long issued = System.currentTimeMillis();
    private final ScheduledFuture<?> connectTimer;
    private boolean closed;

    ClientConnection(
            EngineConnection conn,
            HandshakeRequest request,
            NamespaceRegistry registry,
            long connectTimeoutMs,
            PacketDecoder decoder) {
        this.conn = conn;
        this.request = request;
        this.registry = registry;
        this.decoder = decoder;
        this.connectTimer = conn.eventLoop()
                .schedule(
                        () -> {
                            if (sockets.isEmpty() && !closed) {
                                conn.close("forced server close");
                            }
                        },
                        connectTimeoutMs,
                        TimeUnit.MILLISECONDS);
    }

    EngineConnection engine() {
        return conn;
    }

    void execute(Runnable task) {
        conn.execute(task);
    }

    // ---- incoming ----

    @Override
    public void onMessage(String text) {
        registry.counters().in();
        Packet packet;
        try {
            packet = decoder.decodeText(text);
        } catch (ParseException e) {
            onParseError(e);
            return;
        }
        if (packet != null) {
            dispatch(packet);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        Packet packet;
        try {
            packet = decoder.decodeBinary(data);
        } catch (ParseException e) {
            onParseError(e);
            return;
        }
        if (packet != null) {
            dispatch(packet);
        }
    }

    private void onParseError(ParseException e) {
        LOG.debug("closing session {}: {}", conn.id(), e.getMessage());
        conn.close(
                switch (e.kind()) {
                    case MALFORMED -> DisconnectCause.PARSE_ERROR;
                    case TOO_MANY_ATTACHMENTS -> DisconnectCause.TOO_MANY_ATTACHMENTS;
                    case TOO_LARGE -> DisconnectCause.PACKET_TOO_LARGE;
                });
    }

    private void dispatch(Packet packet) {
        if (closed) {
            return;
        }
        switch (packet.type()) {
            case CONNECT -> connect(packet);
            case DISCONNECT -> {
                SocketImpl socket = sockets.get(packet.nsp());
                if (socket != null) {
                    socket.onClose("client namespace disconnect");
                }
            }
            case EVENT, BINARY_EVENT, ACK, BINARY_ACK -> {
                SocketImpl socket = sockets.get(packet.nsp());
                if (socket != null) {
                    socket.onPacket(packet);
                }
            }
            case CONNECT_ERROR -> {
                // only servers send it; ignored like the official server does
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void connect(Packet packet) {
        String name = packet.nsp();
        if (sockets.containsKey(name)) {
            return;
        }
        NamespaceImpl namespace = registry.resolve(name);
        if (namespace == null) {
            write(
                    new Packet(PacketType.CONNECT_ERROR, name, null, Map.of("message", "Invalid namespace")),
                    SendFlags.NORMAL);
            return;
        }
        Map<String, Object> auth = packet.data() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        namespace.admit(this, handshake(auth));
    }

    private Handshake handshake(Map<String, Object> auth) {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(TIME) + " (Coordinated Universal Time)";
        return new Handshake(
                request.headers(),
                time,
                request.address(),
                request.xdomain(),
                request.secure(),
                issued,
                request.url(),
                request.query(),
                auth);
    }

    // ---- called by namespaces and sockets, on this loop ----

    boolean closed() {
        return closed;
    }

    void connected(SocketImpl socket) {
        sockets.put(socket.namespace().name(), socket);
        connectTimer.cancel(false);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sid", socket.id());
        if (socket.pid() != null) {
            data.put("pid", socket.pid());
        }
        write(new Packet(PacketType.CONNECT, socket.namespace().name(), null, data), SendFlags.NORMAL);
    }

    void refused(String nsp, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (data != null) {
            body.put("data", data);
        }
        write(new Packet(PacketType.CONNECT_ERROR, nsp, null, body), SendFlags.NORMAL);
    }

    void removed(SocketImpl socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    void write(Packet packet, SendFlags flags) {
        EncodedPacket encoded = PacketEncoder.encode(packet);
        writeEncoded(encoded.text(), encoded.attachments(), flags);
    }

    void writeEncoded(String text, List<byte[]> attachments, SendFlags flags) {
        registry.counters().out(1);
        conn.send(text, attachments, flags);
    }

    void writeShared(SharedMessage message, List<byte[]> attachments, SendFlags flags) {
        registry.counters().out(1);
        conn.send(message, attachments, flags);
    }

    /** {@code socket.disconnect(true)}: every namespace of this client leaves, then the connection closes. */
    void disconnectAll() {
        for (SocketImpl socket : new ArrayList<>(sockets.values())) {
            socket.disconnectOnLoop(false);
        }
        conn.close("forced close");
    }

    /** Server shutdown: sockets learn the official reason, the client sees its transport close and reconnects. */
    void shutdown() {
        execute(() -> {
            for (SocketImpl socket : new ArrayList<>(sockets.values())) {
                socket.onClose("server shutting down");
            }
            conn.close("server shutting down");
        });
    }

    @Override
    public void onClose(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        connectTimer.cancel(false);
        for (SocketImpl socket : new ArrayList<>(sockets.values())) {
            socket.onClose(reason);
        }
        sockets.clear();
        registry.clientClosed(this);
    }
}
