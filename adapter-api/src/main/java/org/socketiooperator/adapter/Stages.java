package org.socketiooperator.adapter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps the promise of every stage-returning adapter method: a failure, bad input included, arrives
 * through the stage, never as an exception thrown at the caller (who may be an event loop).
 */
public final class Stages {

    private Stages() {}

    public static <T> CompletionStage<T> guard(Supplier<? extends CompletionStage<T>> body) {
        try {
            CompletionStage<T> stage = body.get();
            return stage != null ? stage : CompletableFuture.failedFuture(new IllegalStateException("no result"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
