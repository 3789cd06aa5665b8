package org.socketiooperator.server.engine;

/** A held long-polling GET; implemented by the Netty layer. Answered at most once. */
public interface PollResponder {

    void respond(String payload);

    /** Answers 400 with the official error body, for a request that must not be held. */
    void fail(EngineError error);
}
