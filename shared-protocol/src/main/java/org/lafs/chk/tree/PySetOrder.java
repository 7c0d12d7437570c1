package org.lafs.chk.tree;

import java.util.Arrays;

/**
 * Emulates the iteration order of a CPython {@code set} of small non-negative ints built by
 * adding keys in a given order (chk-format.md section 8.2): open addressing with linear probes
 * of up to 10 slots, perturbed re-probing, and growth when used*5 >= mask*3 to the smallest
 * power of two > used*4 (minimum 8). A small int hashes to itself.
 */
final class PySetOrder {
    private static final int MIN_SIZE = 8;
    private static final int LINEAR_PROBES = 9;

    private PySetOrder() {}

    static int[] iterationOrder(int[] insertions) {
        int[] table = empty(MIN_SIZE);
        int used = 0;
        for (int v : insertions) {
            if (contains(table, v)) {
                continue;
            }
            place(table, v);
            used++;
            int mask = table.length - 1;
            if (used * 5 >= mask * 3) {
                int size = MIN_SIZE;
                while (size <= used * 4) {
                    size <<= 1;
                }
                int[] bigger = empty(size);
                for (int key : table) {
                    if (key >= 0) {
                        place(bigger, key);
                    }
                }
                table = bigger;
            }
        }
        return Arrays.stream(table).filter(key -> key >= 0).toArray();
    }

    private static int[] empty(int size) {
        int[] t = new int[size];
        Arrays.fill(t, -1);
        return t;
    }

    private static boolean contains(int[] table, int v) {
        for (int key : table) {
            if (key == v) {
                return true;
            }
        }
        return false;
    }

    private static void place(int[] table, int v) {
        int mask = table.length - 1;
        long perturb = v;
        int j = v & mask;
        while (true) {
            int probes = j + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
            for (int s = j; s <= j + probes; s++) {
                if (table[s] < 0) {
                    table[s] = v;
                    return;
                }
            }
            perturb >>>= 5;
            j = (int) ((5L * j + 1 + perturb) & mask);
        }
    }
}
