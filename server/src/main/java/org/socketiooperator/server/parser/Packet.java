package org.socketiooperator.server.parser;

import java.util.Objects;
import org.socketiooperator.protocol.model.PacketType;

/**
 * A decoded Socket.IO packet. {@code data} is a plain value (null, Boolean, Long, Double, String,
 * byte[], List, Map) with binary attachments already put back in place; {@code id} is null when no
 * acknowledgement is involved.
 */
public record Packet(PacketType type, String nsp, Long id, Object data) {

    public Packet {
        Objects.requireNonNull(type, "type");
        nsp = nsp == null || nsp.isEmpty() ? "/" : nsp;
    }
}
