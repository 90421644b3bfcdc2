package dev.coral.agent.runtime.lifecycle;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns signals into requests for the run loop. SIGTERM and SIGINT ask for an orderly stop (the
 * agent drains and exits 0); a second one, while stopping, exits at once with 130. SIGHUP asks
 * for a config reload instead of the JVM's default exit 129; several SIGHUPs that arrive before
 * the loop takes the request (for instance during a reload) make one reload, which reads the
 * file as it is then. A stop wins over a pending reload.
 */
public final class SignalWaiter {
    private static final Logger LOG = LoggerFactory.getLogger(SignalWaiter.class);
    /** What a signal asks the agent to do. */
    public enum Request { STOP, RELOAD }

    private final IntConsumer halt;
    private boolean stopRequested;
    private boolean reloadRequested;

    SignalWaiter(IntConsumer halt) {
        this.halt = halt;
    }

    public static SignalWaiter install() {
        SignalWaiter waiter = new SignalWaiter(Runtime.getRuntime()::halt);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> waiter.requestStop());
        }
        SignalHandler before = Signal.handle(new Signal("HUP"), s -> waiter.requestReload());
        if (before == SignalHandler.SIG_IGN) {
            // The JVM keeps an inherited "ignore" (nohup) for SIGHUP and installs no handler.
            LOG.warn("SIGHUP is ignored by this process (started under nohup?): reload the config by restarting");
        }
        return waiter;
    }

    synchronized void requestStop() {
        if (stopRequested) {
            halt.accept(130);
            return;
        }
        stopRequested = true;
        notifyAll();
    }

    synchronized void requestReload() {
        reloadRequested = true;
        notifyAll();
    }

    /** Waits for the next request; a STOP is returned again on every later call. */
    public synchronized Request next() throws InterruptedException {
        while (!stopRequested && !reloadRequested) {
            wait();
        }
        if (stopRequested) {
            return Request.STOP;
        }
        reloadRequested = false;
        return Request.RELOAD;
    }
}
