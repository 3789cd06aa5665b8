package org.socketiooperator.server.engine;

/** Creates the Socket.IO side of each new Engine.IO session. */
@FunctionalInterface
public interface SessionAcceptor {

    SessionListener accept(EngineConnection connection, HandshakeRequest request);
}
