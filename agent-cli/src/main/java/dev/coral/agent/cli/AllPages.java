package dev.coral.agent.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * Follows a paged query to its end: for a chart or a whole trace, which want every row of the
 * range, not the first page the agent's byte budget cut. The query services' paged messages all
 * have the same shape (query.proto): a request with {@code limit} and {@code page_token}, an answer
 * with its rows in field 1, {@code truncated}, {@code session_id} and {@code next_page_token}.
 */
final class AllPages {
    /** The server's largest {@code limit}. */
    static final int PAGE_MAX = 50_000;

    private AllPages() {}

    /** The pages of {@code first}'s query merged into one answer, up to {@code max} rows. */
    static <R extends Message> R fetch(AgentClient client, String method, Message first, Parser<R> parser, int max)
            throws AgentClient.AgentCallException {
        FieldDescriptor limit = field(first, "limit");
        FieldDescriptor pageToken = field(first, "page_token");
        Message request = first;
        R page = client.call(method, request, parser);
        FieldDescriptor rows = page.getDescriptorForType().findFieldByNumber(1);
        Message.Builder all = page.toBuilder();
        while (true) {
            int left = max - all.getRepeatedFieldCount(rows);
            String next = (String) page.getField(field(page, "next_page_token"));
            if (!(Boolean) page.getField(field(page, "truncated")) || left <= 0 || page.getRepeatedFieldCount(rows) == 0
                    || next.isEmpty()) {
                @SuppressWarnings("unchecked")
                R merged = (R) all.build();
                return merged;
            }
            request = request.toBuilder().setField(limit, Math.min(left, PAGE_MAX)).setField(pageToken, next).build();
            page = client.call(method, request, parser);
            for (int i = 0; i < page.getRepeatedFieldCount(rows); i++) {
                all.addRepeatedField(rows, page.getRepeatedField(rows, i));
            }
            // The answer says what the last page said: whether more rows match, and where they start.
            for (String name : new String[] {"truncated", "next_page_token", "session_id"}) {
                all.setField(field(page, name), page.getField(field(page, name)));
            }
        }
    }

    private static FieldDescriptor field(Message message, String name) {
        FieldDescriptor f = message.getDescriptorForType().findFieldByName(name);
        if (f == null) {
            throw new IllegalArgumentException(message.getDescriptorForType().getFullName() + " has no " + name);
        }
        return f;
    }
}
