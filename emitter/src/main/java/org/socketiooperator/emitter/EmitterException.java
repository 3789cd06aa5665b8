package org.socketiooperator.emitter;

/** Redis did not accept a publish: unreachable, timed out, refused the command, or the emitter is closed. */
public class EmitterException extends RuntimeException {

    public EmitterException(String message) {
        super(message);
    }

    public EmitterException(String message, Throwable cause) {
        super(message, cause);
    }
}
