package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.RequestTimeoutException;
import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.adapter.request.AnswerCollector;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;

/** The bookkeeping of this node's requests, without Redis: counting, completion order and timeouts. */
class ShardedRequestsTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final PendingRequests<ClusterMessage.Response> pending = new PendingRequests<>(timer, null);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void ackBroadcastWaitsForTheNodeCountEvenWhenEveryAnswerIsAlreadyThere() throws Exception {
        AckCollector<ClusterMessage.Response> request = pending.add("r1", ackRequest(), Duration.ofSeconds(5));
        pending.update("r1", () -> request.nodeReported(1));
        pending.update("r1", () -> request.ack("local"));
        pending.dispatch("r1", new BroadcastClientCount("n2", "/", "r1", 1));
        pending.dispatch("r1", new BroadcastAck("n2", "/", "r1", "remote"));

        assertThat(request.result()).isNotDone();
        pending.update("r1", () -> request.expectReports(2));

        assertThat(request.result().get(1, TimeUnit.SECONDS)).containsExactlyInAnyOrder("local", "remote");
        assertThat(pending.size()).isZero();
    }

    @Test
    void ackBroadcastToNobodyCompletesEmptyOnceEveryNodeSaidZero() throws Exception {
        AckCollector<ClusterMessage.Response> request = pending.add("r2", ackRequest(), Duration.ofSeconds(5));
        pending.update("r2", () -> request.nodeReported(0));
        pending.update("r2", () -> request.expectReports(3));
        pending.dispatch("r2", new BroadcastClientCount("n2", "/", "r2", 0));
        assertThat(request.result()).isNotDone();

        pending.dispatch("r2", new BroadcastClientCount("n3", "/", "r2", 0));

        assertThat(request.result().get(1, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void ackBroadcastTimesOutWithThePartialAnswers() {
        // the deadline is reached by hand once the answers are in: a 50 ms timer could fire before the two
        // dispatches on a loaded machine (seen once under -T1C), leaving no partial answer to check
        AckCollector<ClusterMessage.Response> request = pending.add("r3", ackRequest(), Duration.ofMinutes(1));
        pending.update("r3", () -> request.expectReports(2));
        pending.dispatch("r3", new BroadcastClientCount("n2", "/", "r3", 2));
        pending.dispatch("r3", new BroadcastAck("n2", "/", "r3", null));
        assertThat(request.result()).isNotDone();
        pending.expireAll();

        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                ExecutionException.class, () -> request.result().get(2, TimeUnit.SECONDS));

        assertThat(failure.getCause())
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessage("operation has timed out");
        assertThat(((RequestTimeoutException) failure.getCause()).partialResponses())
                .containsExactly((Object) null);
    }

    @Test
    void answerCollectorKeepsLocalResultsAndIgnoresOtherResponseTypes() throws Exception {
        SocketDetails mine = new SocketDetails("AAAAAAAAAAAAAAAAAAAA", null, null, null);
        SocketDetails theirs = new SocketDetails("BBBBBBBBBBBBBBBBBBBB", null, null, "x");
        AnswerCollector<ClusterMessage.Response, SocketDetails> request = new AnswerCollector<>(
                1,
                List.of(mine),
                r -> r instanceof FetchSocketsResponse answer ? answer.sockets() : null,
                AnswerCollector.onlySomeResponses(1));
        pending.add("f1", request, Duration.ofSeconds(5));

        pending.dispatch("f1", new ServerSideEmitResponse("n2", "/", "f1", "wrong type"));
        assertThat(request.result()).isNotDone();
        pending.dispatch("f1", new FetchSocketsResponse("n2", "/", "f1", List.of(theirs)));

        assertThat(request.result().get(1, TimeUnit.SECONDS)).containsExactly(mine, theirs);
    }

    @Test
    void answerCollectorTimesOutWithTheOfficialText() {
        AnswerCollector<ClusterMessage.Response, Object> request = new AnswerCollector<>(
                2,
                List.of(),
                r -> r instanceof ServerSideEmitResponse answer
                        ? java.util.Collections.singletonList(answer.packet())
                        : null,
                AnswerCollector.onlySomeResponses(2));
        pending.add("s1", request, Duration.ofMillis(50));
        pending.dispatch("s1", new ServerSideEmitResponse("n2", "/", "s1", 2L));

        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                ExecutionException.class, () -> request.result().get(2, TimeUnit.SECONDS));

        assertThat(failure.getCause()).hasMessage("timeout reached: only 1 responses received out of 2");
        assertThat(((RequestTimeoutException) failure.getCause()).partialResponses())
                .containsExactly(2L);
        assertThat(pending.size()).isZero();
    }

    private static AckCollector<ClusterMessage.Response> ackRequest() {
        return new AckCollector<>(ShardedNamespace.ACK_REPLIES);
    }
}
