package org.socketiooperator.node.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.node.config.GatewayConfig;
import org.socketiooperator.server.api.Ack;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.Socket;

/**
 * The built-in behaviour of a node that runs no application code: clients put themselves in rooms
 * ({@code join}/{@code leave}) and, when allowed, {@code publish} to rooms; backends reach the same rooms
 * through an emitter. A switched-off feature registers no listener at all, so an extension is free to
 * handle the same event names itself.
 *
 * <p>Acknowledgements: {@code {rooms: [...]}} after join/leave (the socket's rooms, its own id room left
 * out), {@code {ok: true}} after publish, {@code {error: "..."}} for a refused request, among them a join
 * that would take the socket past {@link GatewayConfig#maxRoomsPerSocket()} rooms (refused whole).
 */
public final class Gateway {

    private Gateway() {}

    public static void install(Namespace main, GatewayConfig config) {
        if (!config.clientJoin() && !config.clientPublish()) {
            return;
        }
        main.onConnection(socket -> {
            if (config.clientJoin()) {
                socket.on("join", (args, ack) -> answer(ack, handle(socket, join(socket, args, config))));
                socket.on("leave", (args, ack) -> answer(ack, handle(socket, GatewayRequests.leave(args))));
            }
            if (config.clientPublish()) {
                socket.on("publish", (args, ack) -> answer(ack, handle(socket, GatewayRequests.publish(args))));
            }
        });
    }

    /**
     * The room bound is checked against the socket's rooms at the moment of the join; listeners of one
     * socket run one after another on its event loop, so two joins of the same client cannot both pass it.
     */
    private static GatewayRequest join(Socket socket, List<Object> args, GatewayConfig config) {
        GatewayRequest request = GatewayRequests.join(args);
        return request instanceof GatewayRequest.Join join
                ? GatewayRequests.withinRoomLimit(join, socket.rooms(), socket.id(), config.maxRoomsPerSocket())
                : request;
    }

    private static Map<String, Object> handle(Socket socket, GatewayRequest request) {
        if (request instanceof GatewayRequest.Join join) {
            socket.join(join.rooms().toArray(String[]::new));
            return roomsOf(socket);
        }
        if (request instanceof GatewayRequest.Leave leave) {
            leave.rooms().forEach(socket::leave);
            return roomsOf(socket);
        }
        if (request instanceof GatewayRequest.Publish publish) {
            // Through the namespace, not the socket: the sender gets its own message when it is a member.
            socket.namespace()
                    .to(publish.room())
                    .emit(publish.event(), publish.args().toArray());
            return Map.of("ok", true);
        }
        return Map.of("error", ((GatewayRequest.Invalid) request).message());
    }

    private static Map<String, Object> roomsOf(Socket socket) {
        List<String> rooms = socket.rooms().stream()
                .filter(room -> !room.equals(socket.id()))
                .sorted()
                .toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rooms", rooms);
        return answer;
    }

    private static void answer(Ack ack, Map<String, Object> body) {
        if (ack != null) {
            ack.send(body);
        }
    }
}
