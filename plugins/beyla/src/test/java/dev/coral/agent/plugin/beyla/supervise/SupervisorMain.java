package dev.coral.agent.plugin.beyla.supervise;

import dev.coral.agent.api.ComponentKind;
import dev.coral.agent.testkit.TestComponentContext;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in agent for {@link NoOrphanTest}: a JVM that runs one supervisor of the stand-in
 * Beyla and waits to be killed. Arguments: data dir, binary, orphan guard.
 */
public final class SupervisorMain {
    private SupervisorMain() {}

    public static void main(String[] args) throws InterruptedException {
        var context = TestComponentContext.builder(ComponentKind.RECEIVER, "beyla").dataDir(Path.of(args[0])).build();
        var config = Configs.quick(Path.of(args[1]), "orphan-guard = " + args[2]);
        new BeylaSupervisor(context, config, "127.0.0.1:14999", System.getenv(), null).start();
        System.out.println("supervising");
        new CountDownLatch(1).await();
    }
}
