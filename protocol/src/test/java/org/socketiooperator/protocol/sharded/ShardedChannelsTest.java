package org.socketiooperator.protocol.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;

class ShardedChannelsTest {

    private static final String SID = "v0G785cUyrdfDFJGAAAA";
    private static final String UID = "f57c0c1b872ca693";

    private static ShardedChannels channels(RoomChannelPolicy policy) {
        return new ShardedChannels("socket.io", "/custom", policy);
    }

    private static Broadcast toRooms(String... rooms) {
        return new Broadcast(UID, "/custom", List.of("e"), BroadcastOptions.toRooms(List.of(rooms)), null);
    }

    @Test
    void namesAreThePlainConcatenations() {
        ShardedChannels c = channels(RoomChannelPolicy.PUBLIC_ROOMS);
        assertThat(c.namespaceChannel()).isEqualTo("socket.io#/custom#");
        assertThat(c.responseChannel(UID)).isEqualTo("socket.io#/custom#f57c0c1b872ca693#");
        assertThat(c.roomChannel("room1")).isEqualTo("socket.io#/custom#room1#");
        assertThat(new ShardedChannels("app", "/", RoomChannelPolicy.NONE).roomChannel("a#b"))
                .isEqualTo("app#/#a#b#");
    }

    @Test
    void staticModePublishesEverythingOnTheNamespaceChannel() {
        ShardedChannels c = channels(RoomChannelPolicy.NONE);
        assertThat(c.publishChannel(toRooms("room1"))).isEqualTo("socket.io#/custom#");
        assertThat(c.publishChannel(toRooms(SID))).isEqualTo("socket.io#/custom#");
        assertThat(c.subscribesRoom(false)).isFalse();
        assertThat(c.subscribesRoom(true)).isFalse();
    }

    @Test
    void dynamicModeUsesRoomChannelsForPublicSingleRoomBroadcastsOnly() {
        ShardedChannels c = channels(RoomChannelPolicy.PUBLIC_ROOMS);
        assertThat(c.publishChannel(toRooms("room1"))).isEqualTo("socket.io#/custom#room1#");
        assertThat(c.publishChannel(toRooms(SID))).isEqualTo("socket.io#/custom#");
        // the publisher judges by length: a 20-character public room stays on the namespace channel
        assertThat(c.publishChannel(toRooms("a-public-room-of-20c"))).isEqualTo("socket.io#/custom#");
        assertThat(c.publishChannel(toRooms("a-public-room-of-21ch")))
                .isEqualTo("socket.io#/custom#a-public-room-of-21ch#");
        assertThat(c.publishChannel(toRooms("room1", "room2"))).isEqualTo("socket.io#/custom#");
        assertThat(c.publishChannel(toRooms())).isEqualTo("socket.io#/custom#");
        assertThat(c.subscribesRoom(false)).isTrue();
        assertThat(c.subscribesRoom(true)).isFalse();
    }

    @Test
    void dynamicPrivateModeUsesRoomChannelsForSocketIdsToo() {
        ShardedChannels c = channels(RoomChannelPolicy.ALL_ROOMS);
        assertThat(c.publishChannel(toRooms(SID))).isEqualTo("socket.io#/custom#" + SID + "#");
        assertThat(c.publishChannel(toRooms("room1"))).isEqualTo("socket.io#/custom#room1#");
        assertThat(c.publishChannel(toRooms("room1", SID))).isEqualTo("socket.io#/custom#");
        assertThat(c.subscribesRoom(true)).isTrue();
    }

    @Test
    void broadcastWithAckAlwaysUsesTheNamespaceChannel() {
        for (RoomChannelPolicy policy : RoomChannelPolicy.values()) {
            Broadcast withAck = new Broadcast(
                    UID,
                    "/custom",
                    List.of("e"),
                    BroadcastOptions.toRoom("room1").withFlags(BroadcastFlags.NONE.withTimeoutMs(500L)),
                    "0123456789abcdef");
            assertThat(channels(policy).publishChannel(withAck)).isEqualTo("socket.io#/custom#");
        }
    }

    @Test
    void otherMessageTypesUseTheNamespaceChannelEvenWithOneRoom() {
        ShardedChannels c = channels(RoomChannelPolicy.ALL_ROOMS);
        BroadcastOptions oneRoom = BroadcastOptions.toRoom("room1");
        assertThat(c.publishChannel(new SocketsJoin(UID, "/custom", oneRoom, List.of("r2"))))
                .isEqualTo("socket.io#/custom#");
        assertThat(c.publishChannel(new FetchSockets(UID, "/custom", oneRoom, "0123456789abcdef")))
                .isEqualTo("socket.io#/custom#");
        assertThat(c.publishChannel(new ServerSideEmit(UID, "/custom", List.of("hello"), null)))
                .isEqualTo("socket.io#/custom#");
        assertThat(oneRoom.rooms()).isEqualTo(Set.of("room1"));
    }
}
