package org.socketiooperator.protocol.codec;

/** A payload that cannot be encoded or decoded; the message is safe to log. */
public class CodecException extends RuntimeException {

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
