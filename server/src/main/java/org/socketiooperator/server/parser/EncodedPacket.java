package org.socketiooperator.server.parser;

import java.util.List;

/**
 * A packet ready for Engine.IO: the text message, then each attachment as a binary message. The text is
 * kept as header and body so that a broadcast with acknowledgements can reuse one encoding and only
 * put a different ack id between the two for each client.
 */
public record EncodedPacket(String header, String body, List<byte[]> attachments) {

    public String text() {
        return header + body;
    }

    public String textWithId(long id) {
        return header + id + body;
    }
}
