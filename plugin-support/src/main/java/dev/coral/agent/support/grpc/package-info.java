/** gRPC building blocks: {@link dev.coral.agent.support.grpc.RawBytesMarshaller}. */
package dev.coral.agent.support.grpc;
