package org.socketiooperator.server.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.memory.InMemoryAdapter;

class LocalNamespaceTest {

    private final NamespaceRegistry registry = new NamespaceRegistry(new InMemoryAdapter(), 1000, 10, 1_000_000);

    @Test
    void serverSideEmitRunsTheListenersAndAnswersOnce() {
        List<Object> seen = new ArrayList<>();
        registry.of("/orders").onServerSideEmit("count", (args, ack) -> {
            seen.addAll(args);
            ack.send(41);
            ack.send(42);
        });
        List<Object> answers = new ArrayList<>();
        ((LocalNamespace) registry.of("/orders")).receiveServerSideEmit(List.of("count", "all"), answers::add);
        assertThat(seen).containsExactly("all");
        assertThat(answers).containsExactly(41);
        ((LocalNamespace) registry.of("/orders")).receiveServerSideEmit(List.of("unknown"), null);
    }

    @Test
    void serverCountComesFromTheAdapter() {
        assertThat(registry.of("/orders").serverCount().toCompletableFuture().join())
                .isEqualTo(1);
    }

    @Test
    void roomTableFiresLifecycleEventsOnce() {
        RoomTable rooms = new RoomTable();
        List<String> events = new ArrayList<>();
        rooms.addListener(new LocalNamespace.RoomListener() {
            @Override
            public void roomCreated(String room, boolean socketIdRoom) {
                events.add("+" + room + (socketIdRoom ? "*" : ""));
            }

            @Override
            public void roomDeleted(String room) {
                events.add("-" + room);
            }
        });
        rooms.join("s1", List.of("s1", "red"));
        rooms.join("s2", List.of("s2", "red"));
        rooms.leave("s1", "red");
        rooms.leaveAll("s2");
        rooms.leaveAll("s1");
        assertThat(events).hasSize(6);
        assertThat(events.subList(0, 3)).containsExactly("+s1*", "+red", "+s2*");
        assertThat(events.subList(3, 5)).containsExactlyInAnyOrder("-s2", "-red");
        assertThat(events.get(5)).isEqualTo("-s1");
    }

    @Test
    void selectionIsUnionOfRoomsMinusExcept() {
        RoomTable rooms = new RoomTable();
        rooms.join("a", List.of("a", "red"));
        rooms.join("b", List.of("b", "red", "blue"));
        rooms.join("c", List.of("c", "blue"));
        assertThat(rooms.select(java.util.Set.of("red", "blue"), java.util.Set.of("b"), List.of("a", "b", "c")))
                .containsExactlyInAnyOrder("a", "c");
        assertThat(rooms.select(java.util.Set.of(), java.util.Set.of("blue"), List.of("a", "b", "c")))
                .containsExactly("a");
        assertThat(rooms.namedRoomCount()).isEqualTo(2);
    }
}
