package org.socketiooperator.redis;

import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hands Lettuce the lent loops when it asks for their kind of group, and never shuts them down; any other
 * kind of group Lettuce may ask for comes from its default provider, as without a lend.
 */
final class LentGroupProvider implements EventLoopGroupProvider {

    private final EventLoopGroup lent;
    private final DefaultEventLoopGroupProvider others;

    LentGroupProvider(EventLoopGroup lent) {
        this.lent = lent;
        int loops = 0;
        for (EventExecutor ignored : lent) {
            loops++;
        }
        this.others = new DefaultEventLoopGroupProvider(loops);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return type.isInstance(lent) ? (T) lent : others.allocate(type);
    }

    @Override
    public int threadPoolSize() {
        return others.threadPoolSize();
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
        if (group == lent) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
        return others.release(group, quietPeriod, timeout, unit);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return others.shutdown(quietPeriod, timeout, unit);
    }
}
