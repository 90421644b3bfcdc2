package dev.coral.agent.plugin.staticfilter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rewrites a repeated field of an immutable message without copying it when nothing changes:
 * the caller can then keep its original message object.
 */
final class Pruning {
    private Pruning() {}

    /**
     * Applies {@code change} to each item; it returns the item itself (keep as is), a
     * replacement, or null (remove). Returns {@code items} itself when every item was kept as
     * is, else a new list without the removed ones.
     */
    static <E> List<E> prune(List<E> items, UnaryOperator<E> change) {
        List<E> out = null; // made at the first change only
        for (int i = 0, n = items.size(); i < n; i++) {
            E item = items.get(i);
            E changed = change.apply(item);
            if (out == null && changed != item) {
                out = new ArrayList<>(n);
                out.addAll(items.subList(0, i));
            }
            if (out != null && changed != null) {
                out.add(changed);
            }
        }
        return out == null ? items : out;
    }
}
