package org.socketiooperator.node.gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.socketiooperator.protocol.model.ReservedEvents;

/**
 * Turns the raw arguments of {@code join}, {@code leave} and {@code publish} into requests. Clients are
 * untrusted: every shape and size is checked and a bad request becomes {@link GatewayRequest.Invalid}.
 */
public final class GatewayRequests {

    static final int MAX_ROOM_LENGTH = 200;
    static final int MAX_ROOMS_PER_REQUEST = 50;

    /**
     * Socket ids (20 characters of base64url) are private rooms: a client that joined one would read
     * another client's direct messages, so names of that shape are refused.
     */
    private static final Pattern SOCKET_ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]{20}");

    /** Events that mean something to the client library itself; publishing them would confuse clients. */
    private GatewayRequests() {}

    /** {@code join} takes a room name or a list of room names. */
    public static GatewayRequest join(List<Object> args) {
        Object rooms = roomsOrError(args);
        return rooms instanceof String error ? new GatewayRequest.Invalid(error) : new GatewayRequest.Join(cast(rooms));
    }

    /**
     * Refuses, as a whole, a join that would put the socket in more than {@code maxRooms} rooms, so that one
     * client cannot make the node (and, sharded, Redis) track an unbounded number of rooms. Rooms the socket
     * is already in do not count twice; its own id room does not count at all.
     */
    static GatewayRequest withinRoomLimit(
            GatewayRequest.Join join, Set<String> socketRooms, String socketId, int maxRooms) {
        long held = socketRooms.stream().filter(room -> !room.equals(socketId)).count();
        long added = join.rooms().stream()
                .filter(room -> !room.equals(socketId) && !socketRooms.contains(room))
                .count();
        return held + added > maxRooms ? new GatewayRequest.Invalid(roomLimitMessage(maxRooms)) : join;
    }

    static String roomLimitMessage(int maxRooms) {
        return "at most " + maxRooms + " rooms per socket";
    }

    public static GatewayRequest leave(List<Object> args) {
        Object rooms = roomsOrError(args);
        return rooms instanceof String error
                ? new GatewayRequest.Invalid(error)
                : new GatewayRequest.Leave(cast(rooms));
    }

    /** {@code publish} takes {@code {room, event, args}}; {@code args} is optional. */
    public static GatewayRequest publish(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof Map<?, ?> body)) {
            return new GatewayRequest.Invalid("publish expects {room, event, args}");
        }
        String roomError = roomError(body.get("room"));
        if (roomError != null) {
            return new GatewayRequest.Invalid(roomError);
        }
        if (!(body.get("event") instanceof String event) || event.isEmpty() || event.length() > MAX_ROOM_LENGTH) {
            return new GatewayRequest.Invalid("publish needs an event name (a non-empty string)");
        }
        if (ReservedEvents.isReserved(event)) {
            return new GatewayRequest.Invalid("event name '" + event + "' is reserved");
        }
        Object eventArgs = body.get("args");
        List<Object> list;
        if (eventArgs == null) {
            list = List.of();
        } else if (eventArgs instanceof List<?> given) {
            list = new ArrayList<>(given);
        } else {
            return new GatewayRequest.Invalid("publish args must be an array");
        }
        return new GatewayRequest.Publish((String) body.get("room"), event, list);
    }

    private static Object roomsOrError(List<Object> args) {
        if (args.isEmpty()) {
            return "expected a room name or a list of room names";
        }
        Object first = args.get(0);
        List<?> names = first instanceof List<?> list ? list : java.util.Collections.singletonList(first);
        if (names.isEmpty()) {
            return "expected at least one room name";
        }
        if (names.size() > MAX_ROOMS_PER_REQUEST) {
            return "at most " + MAX_ROOMS_PER_REQUEST + " rooms per request";
        }
        Set<String> rooms = new LinkedHashSet<>();
        for (Object name : names) {
            String error = roomError(name);
            if (error != null) {
                return error;
            }
            rooms.add((String) name);
        }
        return List.copyOf(rooms);
    }

    private static String roomError(Object name) {
        if (!(name instanceof String room) || room.isEmpty()) {
            return "room names must be non-empty strings";
        }
        if (room.length() > MAX_ROOM_LENGTH) {
            return "room names are at most " + MAX_ROOM_LENGTH + " characters";
        }
        if (SOCKET_ID_SHAPE.matcher(room).matches()) {
            return "room '" + room + "' looks like a socket id, which is private";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object rooms) {
        return (List<String>) rooms;
    }
}
