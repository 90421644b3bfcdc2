package dev.coral.agent.support.otlp;

import dev.coral.agent.api.InflightLedger.Ticket;
import io.netty.buffer.CompositeByteBuf;

/**
 * One admitted OTLP/HTTP request while its body is read and then exported.
 *
 * @param intake the signal's intake (from the path)
 * @param codec the body's encoding (from Content-Type), also the response's
 * @param gzip whether the body is gzip-compressed (Content-Encoding)
 * @param ticket the request's in-flight reservation, closed once its answer is written
 * @param body the body so far; released once decoded
 */
record HttpExchange(SignalIntake<?, ?> intake, BodyCodec codec, boolean gzip, Ticket ticket, CompositeByteBuf body) {}
