package dev.coral.agent.server.rpc;

import io.grpc.Status;
import java.util.regex.Pattern;

/**
 * What to answer for a method the API does not serve: always UNIMPLEMENTED, as gRPC and
 * Connect clients expect, with a message that says why. The colony's shell and exec methods
 * get their own reason: this agent deliberately has no remote shell.
 */
public final class UnknownMethods {
    private static final Pattern SHELL = Pattern.compile(
            "coral\\.agent\\.v1\\.AgentService/(Shell\\w*|\\w*Exec|\\w*Shell\\w*)");

    private UnknownMethods() {}

    public static Status status(String fullName) {
        if (isShell(fullName)) {
            return Status.UNIMPLEMENTED.withDescription(fullName
                    + " is not available: this agent has no remote shell or command execution");
        }
        return Status.UNIMPLEMENTED.withDescription("unknown method " + fullName);
    }

    /** One of the colony's shell or exec methods: known to the colony, deliberately not served here. */
    public static boolean isShell(String fullName) {
        return SHELL.matcher(fullName).matches();
    }
}
