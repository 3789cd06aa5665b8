package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Own entries wait for the reader in stream order, but never longer than the bounds allow. */
class OwnEntriesInOrderTest {

    private final OwnEntriesInOrder own = new OwnEntriesInOrder();
    private final List<String> applied = new ArrayList<>();

    @Test
    void anOwnEntryWaitsUntilTheReaderHasPassedTheEntriesBeforeIt() {
        own.appended("5-0", () -> applied.add("own 5"));
        assertThat(applied).isEmpty();

        own.read("4-0", () -> applied.add("remote 4"));
        own.read("5-0", () -> applied.add("echo 5"));

        assertThat(applied).containsExactly("remote 4", "own 5", "echo 5");
        assertThat(own.unordered()).isZero();
    }

    @Test
    void anOwnEntryAtOrBeforeWhatTheReaderPassedIsAppliedAtOnce() {
        own.read("7-0", () -> applied.add("remote 7"));
        own.appended("6-0", () -> applied.add("own 6"));
        assertThat(applied).containsExactly("remote 7", "own 6");
        assertThat(own.unordered()).isZero();
    }

    @Test
    void aStalledReaderHoldsOwnEntriesAtMostMaxWait() {
        own.appended("10-0", () -> applied.add("own 10"));
        own.appended("11-0", () -> applied.add("own 11"));
        long now = System.nanoTime();

        own.expire(now);
        assertThat(applied).isEmpty();

        own.expire(now + OwnEntriesInOrder.MAX_WAIT.toNanos() + 1_000_000_000L);
        assertThat(applied).containsExactly("own 10", "own 11");
        assertThat(own.unordered()).isEqualTo(2);
        assertThat(own.waiting()).isZero();
    }

    @Test
    void atMostMaxWaitingWaitTheOldestGoesFirst() {
        for (int i = 1; i <= OwnEntriesInOrder.MAX_WAITING + 3; i++) {
            String id = i + "-0";
            own.appended(id, () -> applied.add(id));
        }
        assertThat(own.waiting()).isEqualTo(OwnEntriesInOrder.MAX_WAITING);
        assertThat(applied).containsExactly("1-0", "2-0", "3-0");
        assertThat(own.unordered()).isEqualTo(3);
    }

    @Test
    void anOwnEntryAppliedAheadOfTheReaderIsReportedWithItsIdBeforeItIsApplied() {
        List<String> ahead = new ArrayList<>();
        OwnEntriesInOrder told = new OwnEntriesInOrder(id -> {
            ahead.add(id);
            applied.add("told " + id);
        });
        told.appended("10-0", () -> applied.add("own 10"));
        told.appended("11-0", () -> applied.add("own 11"));
        told.expire(System.nanoTime() + OwnEntriesInOrder.MAX_WAIT.toNanos() + 1_000_000_000L);
        assertThat(ahead).containsExactly("10-0", "11-0");
        assertThat(applied).containsExactly("told 10-0", "own 10", "told 11-0", "own 11");
        told.read("11-0", () -> applied.add("echo 11"));
        assertThat(ahead).as("in order: not reported").hasSize(2);
    }
}
