package dev.coral.agent.runtime.lifecycle;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the first signal releases {@link #await()}
 * so the agent drains and exits 0; a second one, while draining, exits at once with 130.
 */
public final class SignalWaiter {
    private final CountDownLatch stop = new CountDownLatch(1);

    private SignalWaiter() {}

    public static SignalWaiter install() {
        SignalWaiter waiter = new SignalWaiter();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> waiter.onSignal());
        }
        return waiter;
    }

    private void onSignal() {
        if (stop.getCount() == 0) {
            Runtime.getRuntime().halt(130);
        }
        stop.countDown();
    }

    public void await() throws InterruptedException {
        stop.await();
    }
}
