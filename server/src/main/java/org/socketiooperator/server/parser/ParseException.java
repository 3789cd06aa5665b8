package org.socketiooperator.server.parser;

/** A packet the client should never have sent; the server closes that client's connection. */
public final class ParseException extends RuntimeException {

    /** What was wrong: the shape of the packet, or one of the limits a packet must stay within. */
    public enum Kind {
        MALFORMED,
        TOO_MANY_ATTACHMENTS,
        TOO_LARGE
    }

    private final Kind kind;

    public ParseException(String message) {
        this(Kind.MALFORMED, message);
    }

    public ParseException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
