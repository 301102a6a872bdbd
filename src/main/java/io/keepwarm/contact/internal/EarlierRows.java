package io.keepwarm.contact.internal;

/**
 * The line each address of an import file was last seen on, so a row repeating an earlier row's address can name
 * it. A file of millions of rows is read in one pass, so this holds a 64-bit hash of each address and an int line,
 * 12 bytes a slot (about 25 MB for a million addresses), not the addresses. Two addresses sharing a hash (odds of
 * about one in 30 million for a file of a million) would only make a row named as a repeat that is none: a warning.
 */
final class EarlierRows {

    private long[] hashes = new long[1 << 10];
    private int[] lines = new int[1 << 10];
    private int size;

    /**
     * Remembers {@code line} for the address and returns the line it was seen on before, or 0 when it was not. Lines
     * past {@link Integer#MAX_VALUE} are not remembered.
     */
    long put(String address, long line) {
        long hash = hash(address);
        int slot = find(hash);
        int earlier = hashes[slot] == hash ? lines[slot] : 0;
        if (line <= Integer.MAX_VALUE) {
            if (hashes[slot] != hash) {
                hashes[slot] = hash;
                if (++size * 3 > hashes.length * 2) {
                    grow();
                    slot = find(hash);
                }
            }
            lines[slot] = (int) line;
        }
        return earlier;
    }

    private int find(long hash) {
        int mask = hashes.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (hashes[slot] != 0 && hashes[slot] != hash) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldLines.length * 2];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != 0) {
                int slot = find(oldHashes[i]);
                hashes[slot] = oldHashes[i];
                lines[slot] = oldLines[i];
            }
        }
    }

    /** FNV-1a over the address's characters, mixed; never 0, which marks an empty slot. */
    private static long hash(String address) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < address.length(); i++) {
            hash ^= address.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash == 0 ? 1 : hash;
    }
}
