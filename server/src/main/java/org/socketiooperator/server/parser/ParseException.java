package org.socketiooperator.server.parser;

/** A packet the client should never have sent; the server closes that client's connection. */
public final class ParseException extends RuntimeException {

    public ParseException(String message) {
        super(message, null, false, false);
    }
}
