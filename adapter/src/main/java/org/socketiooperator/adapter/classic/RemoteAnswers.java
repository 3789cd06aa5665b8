package org.socketiooperator.adapter.classic;

import org.socketiooperator.adapter.request.PendingRequest;
import org.socketiooperator.protocol.classic.ClassicResponse;

/** A pending classic request that can stop waiting for other nodes when its request never left. */
interface RemoteAnswers extends PendingRequest<ClassicResponse> {

    void expectNoMoreRemoteAnswers();
}
