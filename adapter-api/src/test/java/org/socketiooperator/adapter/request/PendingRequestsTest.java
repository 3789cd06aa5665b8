package org.socketiooperator.adapter.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger timeouts = new AtomicInteger();
    private final PendingRequests<String> table = new PendingRequests<>(scheduler, timeouts::incrementAndGet);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Satisfied after {@code expected} answers; records how it ended. */
    static final class Counting implements PendingRequest<String> {
        final List<String> answers = new ArrayList<>();
        int expected;
        volatile String outcome;

        Counting(int expected) {
            this.expected = expected;
        }

        @Override
        public synchronized void accept(String response) {
            answers.add(response);
        }

        @Override
        public synchronized boolean isSatisfied() {
            return answers.size() >= expected;
        }

        @Override
        public synchronized void expectNoMoreRemoteAnswers() {
            expected = answers.size();
        }

        @Override
        public void complete() {
            outcome = outcome == null ? "complete" : "twice";
        }

        @Override
        public void expire() {
            outcome = outcome == null ? "expired" : "twice";
        }
    }

    @Test
    void completesOnTheLastAnswerAndLeavesTheTable() {
        Counting request = new Counting(2);
        table.add("r1", request, Duration.ofSeconds(5));
        assertThat(table.dispatch("r1", "a")).isTrue();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.dispatch("r1", "b")).isTrue();
        assertThat(request.outcome).isEqualTo("complete");
        assertThat(table.size()).isZero();
        assertThat(table.dispatch("r1", "late")).isFalse();
        assertThat(request.answers).containsExactly("a", "b");
    }

    @Test
    void expiresOnceAtTheDeadlineAndLeavesTheTable() {
        Counting request = new Counting(2);
        table.add("r2", request, Duration.ofMillis(50));
        table.dispatch("r2", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> request.outcome != null);
        assertThat(request.outcome).isEqualTo("expired");
        assertThat(table.size()).isZero();
        assertThat(timeouts.get()).isEqualTo(1);
        assertThat(table.dispatch("r2", "b")).isFalse();
    }

    @Test
    void aRequestNeedingNothingCompletesAtOnce() {
        Counting request = new Counting(0);
        table.add("r3", request, Duration.ofSeconds(5));
        assertThat(request.outcome).isEqualTo("complete");
        assertThat(table.size()).isZero();
    }

    @Test
    void anOwnersUpdateThatSatisfiesTheRequestCompletesItAndLaterUpdatesAreIgnored() {
        Counting request = table.add("r5", new Counting(3), Duration.ofSeconds(5));
        table.dispatch("r5", "a");

        table.update("r5", request::expectNoMoreRemoteAnswers);

        assertThat(request.outcome).isEqualTo("complete");
        assertThat(table.size()).isZero();
        List<String> ran = new ArrayList<>();
        table.update("r5", () -> ran.add("late"));
        assertThat(ran).isEmpty();
    }

    @Test
    void unknownIdsAndDuplicatesAreRefused() {
        assertThat(table.dispatch("nobody", "x")).isFalse();
        table.add("r4", new Counting(1), Duration.ofSeconds(5));
        assertThatThrownBy(() -> table.add("r4", new Counting(1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expireAllEmptiesTheTable() {
        Counting a = new Counting(1);
        Counting b = new Counting(1);
        table.add("a", a, Duration.ofSeconds(5));
        table.add("b", b, Duration.ofSeconds(5));
        table.expireAll();
        assertThat(table.size()).isZero();
        assertThat(a.outcome).isEqualTo("expired");
        assertThat(b.outcome).isEqualTo("expired");
    }

    @Test
    void racingAnswersAndTimeoutsFinishEveryRequestExactlyOnce() throws Exception {
        List<Counting> requests = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Counting request = new Counting(1);
            requests.add(request);
            table.add("id" + i, request, Duration.ofMillis(i % 3));
        }
        Thread answering = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                table.dispatch("id" + i, "x");
            }
        });
        answering.start();
        answering.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> table.size() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.stream().allMatch(r -> r.outcome != null));
        assertThat(requests).noneMatch(r -> "twice".equals(r.outcome));
    }
}
