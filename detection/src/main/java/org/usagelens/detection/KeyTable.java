package org.usagelens.detection;

import java.util.Map;

/**
 * Open-addressing table from folded string keys to values, probed with a range of a char buffer so lookups
 * allocate nothing. The hash reads only the range's length and its first and last two characters: a per-character
 * polynomial hash is a serial multiply chain that cost more than the whole rest of a detection, while these keys
 * (tokens, host suffixes, categories) already differ in length or edges; full comparison settles collisions.
 */
final class KeyTable<V> {

    private final char[][] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int shift;
    private final int minLength;
    private final int maxLength;
    /** One bit per (first, second) folded character pair of the keys, low 7 bits each: most misses stop here. */
    private final long[] pairs = new long[(128 * 128) / 64];

    KeyTable(Map<String, V> entries) {
        int capacity = 4;
        while (capacity < entries.size() * 3) {
            capacity <<= 1;
        }
        keys = new char[capacity][];
        hashes = new int[capacity];
        values = new Object[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Map.Entry<String, V> e : entries.entrySet()) {
            String key = e.getKey();
            int h = hash(key.toCharArray(), 0, key.length());
            int i = slot(h);
            while (keys[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            keys[i] = key.toCharArray();
            hashes[i] = h;
            values[i] = e.getValue();
            int pair = pair(key.charAt(0), key.charAt(Math.min(1, key.length() - 1)));
            pairs[pair >>> 6] |= 1L << pair;
            min = Math.min(min, key.length());
            max = Math.max(max, key.length());
        }
        minLength = entries.isEmpty() ? 1 : min;
        maxLength = max;
    }

    /** Hash of the folded range from its length and edge characters; {@code to > from}. */
    static int hash(char[] a, int from, int to) {
        int last = to - 1;
        int h = to - from;
        h = 31 * h + Text.fold(a[from]);
        h = 31 * h + Text.fold(a[Math.min(from + 1, last)]);
        h = 31 * h + Text.fold(a[Math.max(last - 1, from)]);
        h = 31 * h + Text.fold(a[last]);
        return h;
    }

    private static int pair(char first, char second) {
        return ((first & 127) << 7) | (second & 127);
    }

    private int slot(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    boolean isEmpty() {
        return maxLength == 0;
    }

    /** Length of the longest key: no longer range can match. */
    int maxLength() {
        return maxLength;
    }

    /** The value whose key equals the folded range {@code a[from, to)}; null when absent. */
    @SuppressWarnings("unchecked")
    V get(char[] a, int from, int to) {
        int len = to - from;
        if (len < minLength || len > maxLength) {
            return null;
        }
        int pair = pair(Text.fold(a[from]), Text.fold(a[Math.min(from + 1, to - 1)]));
        if ((pairs[pair >>> 6] & (1L << pair)) == 0) {
            return null;
        }
        int h = hash(a, from, to);
        int mask = keys.length - 1;
        int i = slot(h);
        char[] k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && k.length == len && Text.regionEquals(a, from, to, k)) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }
}
