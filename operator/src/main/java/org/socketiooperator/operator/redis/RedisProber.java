package org.socketiooperator.operator.redis;

/** Checks a Redis endpoint. Implementations never throw: every failure is an {@link ProbeOutcome.Unreachable}. */
@FunctionalInterface
public interface RedisProber {
    ProbeOutcome probe(RedisTarget target);
}
