package dev.coral.agent.support.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedEventLoopsTest {
    @Test
    void everyUserGetsTheSameGroupsAndTheLastReleaseStopsThem() {
        SharedEventLoops.Lease first = SharedEventLoops.acquire();
        SharedEventLoops.Lease second = SharedEventLoops.acquire();
        assertThat(second.workers()).isSameAs(first.workers());
        assertThat(second.boss()).isSameAs(first.boss());

        first.close();
        first.close(); // twice releases once
        assertThat(second.workers().isShuttingDown()).isFalse();

        second.close();
        assertThat(first.workers().terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.boss().terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();

        try (SharedEventLoops.Lease again = SharedEventLoops.acquire()) {
            assertThat(again.workers()).isNotSameAs(first.workers());
            assertThat(again.workers().isShuttingDown()).isFalse();
        }
    }

    @Test
    void epollWhereItLoadsElseNio() {
        try (SharedEventLoops.Lease loops = SharedEventLoops.acquire()) {
            assertThat(loops.epoll()).isEqualTo(Epoll.isAvailable());
            assertThat(loops.serverChannel())
                    .isEqualTo(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
        }
    }
}
