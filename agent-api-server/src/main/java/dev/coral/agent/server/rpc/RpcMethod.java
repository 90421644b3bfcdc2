package dev.coral.agent.server.rpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;

/**
 * A unary method the API serves, as both protocols need it: its full name
 * ({@code coral.agent.v1.AgentService/QueryTelemetry}), its descriptor to call it through the
 * in-process server, and the message types to read requests and write answers.
 */
public record RpcMethod(String fullName, MethodDescriptor<Message, Message> descriptor, Message requestPrototype,
        Message responsePrototype) {

    /** The service part of the name, e.g. {@code coral.agent.v1.AgentService}. */
    public String service() {
        return fullName.substring(0, fullName.indexOf('/'));
    }
}
