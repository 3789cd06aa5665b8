package org.socketiooperator.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketiooperator.node.gateway.GatewayRequest.Invalid;
import org.socketiooperator.node.gateway.GatewayRequest.Join;
import org.socketiooperator.node.gateway.GatewayRequest.Leave;
import org.socketiooperator.node.gateway.GatewayRequest.Publish;

class GatewayRequestsTest {

    @Test
    void joinTakesOneRoomOrAListWithoutDuplicates() {
        assertThat(GatewayRequests.join(List.of("lobby"))).isEqualTo(new Join(List.of("lobby")));
        assertThat(GatewayRequests.join(List.of(List.of("a", "b", "a")))).isEqualTo(new Join(List.of("a", "b")));
        assertThat(GatewayRequests.leave(List.of("a"))).isEqualTo(new Leave(List.of("a")));
    }

    @Test
    void joinRefusesBadShapes() {
        assertInvalid(GatewayRequests.join(List.of()), "room name");
        assertInvalid(GatewayRequests.join(List.of(List.of())), "at least one");
        assertInvalid(GatewayRequests.join(List.of(42L)), "non-empty strings");
        assertInvalid(GatewayRequests.join(List.of("")), "non-empty strings");
        assertInvalid(GatewayRequests.join(Collections.singletonList(null)), "non-empty strings");
        assertInvalid(GatewayRequests.join(List.of("x".repeat(201))), "at most 200");
        assertInvalid(GatewayRequests.join(List.of(Collections.nCopies(51, "r"))), "at most 50 rooms");
        assertInvalid(GatewayRequests.leave(List.of(Map.of())), "non-empty strings");
    }

    @Test
    void roomsShapedLikeSocketIdsArePrivate() {
        assertInvalid(GatewayRequests.join(List.of("Ab3_-Ab3_-Ab3_-Ab3_-")), "socket id");
        assertThat(GatewayRequests.join(List.of("Ab3_-Ab3_-Ab3_-Ab3_-x"))).isInstanceOf(Join.class);
    }

    @Test
    void publishCarriesRoomEventAndArgs() {
        Map<String, Object> body = Map.of("room", "lobby", "event", "chat", "args", Arrays.asList("hi", null, 3L));

        assertThat(GatewayRequests.publish(List.of(body)))
                .isEqualTo(new Publish("lobby", "chat", Arrays.asList("hi", null, 3L)));
        assertThat(GatewayRequests.publish(List.of(Map.of("room", "r", "event", "e"))))
                .isEqualTo(new Publish("r", "e", List.of()));
    }

    @Test
    void publishRefusesBadShapes() {
        assertInvalid(GatewayRequests.publish(List.of()), "{room, event, args}");
        assertInvalid(GatewayRequests.publish(List.of("lobby")), "{room, event, args}");
        assertInvalid(GatewayRequests.publish(List.of(Map.of("event", "chat"))), "room names");
        assertInvalid(GatewayRequests.publish(List.of(Map.of("room", "r"))), "event name");
        assertInvalid(GatewayRequests.publish(List.of(Map.of("room", "r", "event", 1L))), "event name");
        assertInvalid(GatewayRequests.publish(List.of(Map.of("room", "r", "event", "disconnect"))), "reserved");
        assertInvalid(GatewayRequests.publish(List.of(Map.of("room", "r", "event", "e", "args", "x"))), "array");
    }

    @Test
    void joinsArePlacedWithinTheRoomLimitOfTheSocket() {
        String id = "Ab3_-Ab3_-Ab3_-Ab3_-";
        Set<String> twoRooms = Set.of(id, "a", "b");

        Join fillsUp = new Join(List.of("c"));
        assertThat(GatewayRequests.withinRoomLimit(fillsUp, twoRooms, id, 3)).isSameAs(fillsUp);
        // Rooms the socket is already in take no new place.
        Join knownAndNew = new Join(List.of("a", "b", "c"));
        assertThat(GatewayRequests.withinRoomLimit(knownAndNew, twoRooms, id, 3))
                .isSameAs(knownAndNew);
        assertThat(GatewayRequests.withinRoomLimit(new Join(List.of("a")), Set.of(id, "a", "b", "c"), id, 3))
                .isInstanceOf(Join.class);
        // The own id room is not counted: a fresh socket may fill every place.
        assertThat(GatewayRequests.withinRoomLimit(new Join(List.of("a", "b", "c")), Set.of(id), id, 3))
                .isInstanceOf(Join.class);
    }

    @Test
    void aJoinPastTheRoomLimitIsRefusedWhole() {
        String id = "Ab3_-Ab3_-Ab3_-Ab3_-";

        assertThat(GatewayRequests.withinRoomLimit(new Join(List.of("c", "d")), Set.of(id, "a", "b"), id, 3))
                .isEqualTo(new Invalid("at most 3 rooms per socket"));
        assertThat(GatewayRequests.withinRoomLimit(new Join(List.of("a", "d")), Set.of(id, "a", "b", "c"), id, 3))
                .isEqualTo(new Invalid("at most 3 rooms per socket"));
    }

    private static void assertInvalid(GatewayRequest request, String message) {
        assertThat(request)
                .isInstanceOfSatisfying(
                        Invalid.class, i -> assertThat(i.message()).contains(message));
    }
}
