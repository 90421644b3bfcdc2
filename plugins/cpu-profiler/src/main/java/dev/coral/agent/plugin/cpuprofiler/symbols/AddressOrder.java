package dev.coral.agent.plugin.cpuprofiler.symbols;

/**
 * A stable sort of indices by address, on primitive arrays: sorting ~10^5 symbols through
 * {@code Integer[]} and a comparator made as many objects, a burst of garbage when a table is built.
 */
final class AddressOrder {
    private AddressOrder() {
    }

    /**
     * @return the indices {@code 0..count-1} ordered by {@code addresses[i]} (signed, as
     *         {@code Arrays.binarySearch}), equal addresses in index order
     */
    static int[] of(long[] addresses, int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        int[] scratch = new int[count];
        for (int width = 1; width < count; width *= 2) {
            for (int from = 0; from < count; from += 2 * width) {
                int middle = Math.min(from + width, count);
                int to = Math.min(from + 2 * width, count);
                int left = from;
                int right = middle;
                int out = from;
                while (left < middle && right < to) {
                    // <= keeps equal addresses in their order: the earlier index wins
                    scratch[out++] = addresses[order[left]] <= addresses[order[right]] ? order[left++] : order[right++];
                }
                while (left < middle) {
                    scratch[out++] = order[left++];
                }
                while (right < to) {
                    scratch[out++] = order[right++];
                }
            }
            int[] swap = order;
            order = scratch;
            scratch = swap;
        }
        return order;
    }
}
