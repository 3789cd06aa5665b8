package org.socketiooperator.node.extension;

/** An extension that cannot be loaded or configured; the node refuses to start with this message. */
public final class ExtensionException extends RuntimeException {

    public ExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}
