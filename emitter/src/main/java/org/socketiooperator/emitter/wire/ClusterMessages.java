package org.socketiooperator.emitter.wire;

import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage;

/** An operation as the ClusterMessage a node of the sharded or streams adapter would send for it. */
final class ClusterMessages {

    private ClusterMessages() {}

    static ClusterMessage of(String uid, Operation operation) {
        Selection selection = operation.selection();
        String nsp = selection.nsp();
        BroadcastOptions opts = ProtocolValues.options(selection);
        if (operation instanceof Operation.Broadcast broadcast) {
            return new ClusterMessage.Broadcast(uid, nsp, broadcast.data(), opts, null);
        } else if (operation instanceof Operation.SocketsJoin join) {
            return new ClusterMessage.SocketsJoin(uid, nsp, opts, join.rooms());
        } else if (operation instanceof Operation.SocketsLeave leave) {
            return new ClusterMessage.SocketsLeave(uid, nsp, opts, leave.rooms());
        } else if (operation instanceof Operation.DisconnectSockets disconnect) {
            return new ClusterMessage.DisconnectSockets(uid, nsp, opts, disconnect.close());
        }
        return new ClusterMessage.ServerSideEmit(uid, nsp, ((Operation.ServerSideEmit) operation).data(), null);
    }
}
