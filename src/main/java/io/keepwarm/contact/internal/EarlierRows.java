package io.keepwarm.contact.internal;

/**
 * The contacts one import writer has written, by address: the line of the row that last wrote each, and how the
 * import counts the contact (created, updated or unchanged), so a later row for the same person is reported as
 * repeating that line rather than counted as a contact of its own. A file of millions of rows is read in one pass,
 * so this holds a 64-bit hash of each address, an int line and a byte, 13 bytes a slot (about 27 MB for a million
 * addresses), not the addresses. Two addresses sharing a hash (odds of about one in 30 million for a file of a
 * million) would only make a row counted as a repeat that is none.
 */
final class EarlierRows {

    /** The line that last wrote a contact, and how the import counts that contact. */
    record Seen(long line, ContactWriter.Kind kind) {}

    private static final ContactWriter.Kind[] KINDS = ContactWriter.Kind.values();

    private long[] hashes = new long[1 << 10];
    private int[] lines = new int[1 << 10];
    private byte[] kinds = new byte[1 << 10];
    private int size;

    /** The row that last wrote the address's contact, or null when none did. */
    Seen get(String address) {
        long hash = hash(address);
        int slot = find(hash);
        return hashes[slot] == hash ? new Seen(lines[slot], KINDS[kinds[slot]]) : null;
    }

    /** Remembers that {@code line} wrote the address's contact, counted as {@code kind}. Lines past 2^31 are not. */
    void put(String address, long line, ContactWriter.Kind kind) {
        if (line > Integer.MAX_VALUE) {
            return;
        }
        long hash = hash(address);
        int slot = find(hash);
        if (hashes[slot] != hash) {
            hashes[slot] = hash;
            if (++size * 3 > hashes.length * 2) {
                grow();
                slot = find(hash);
            }
        }
        lines[slot] = (int) line;
        kinds[slot] = (byte) kind.ordinal();
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
        byte[] oldKinds = kinds;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldLines.length * 2];
        kinds = new byte[oldKinds.length * 2];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != 0) {
                int slot = find(oldHashes[i]);
                hashes[slot] = oldHashes[i];
                lines[slot] = oldLines[i];
                kinds[slot] = oldKinds[i];
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
