package dev.coral.agent.plugin.otlp.http;

import dev.coral.agent.plugin.otlp.core.SignalIntake;
import dev.coral.agent.plugin.otlp.core.Ticket;
import io.netty.buffer.CompositeByteBuf;

/**
 * One admitted OTLP/HTTP request while its body is read and then exported.
 *
 * @param intake the signal's intake (from the path)
 * @param codec the body's encoding (from Content-Type), also the response's
 * @param gzip whether the body is gzip-compressed (Content-Encoding)
 * @param ticket the request's budget reservation
 * @param body the body so far; released once decoded
 */
record HttpExchange(SignalIntake<?, ?> intake, BodyCodec codec, boolean gzip, Ticket ticket, CompositeByteBuf body) {}
