package org.socketiooperator.server.parser;

import java.util.ArrayList;
import java.util.List;
import org.socketiooperator.protocol.model.PacketType;

/** Encodes packets to the Socket.IO v5 wire form: one text message and then one binary message per attachment. */
public final class PacketEncoder {

    private PacketEncoder() {}

    /** {@code type} EVENT/ACK becomes BINARY_EVENT/BINARY_ACK when {@code data} holds binary. */
    public static EncodedPacket encode(Packet packet) {
        List<byte[]> attachments = new ArrayList<>();
        String json = packet.data() == null ? null : JsonValues.write(packet.data(), attachments);
        PacketType type = packet.type();
        if (!attachments.isEmpty()) {
            type = switch (type) {
                case EVENT, BINARY_EVENT -> PacketType.BINARY_EVENT;
                case ACK, BINARY_ACK -> PacketType.BINARY_ACK;
                default -> throw new IllegalArgumentException(type + " packets cannot carry binary");
            };
        }
        StringBuilder out = new StringBuilder().append(type.digit());
        if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
            out.append(attachments.size()).append('-');
        }
        if (!"/".equals(packet.nsp())) {
            out.append(packet.nsp()).append(',');
        }
        String header = out.toString();
        String body = json == null ? "" : json;
        if (packet.id() != null) {
            return new EncodedPacket(header + packet.id(), body, List.copyOf(attachments));
        }
        return new EncodedPacket(header, body, List.copyOf(attachments));
    }
}
