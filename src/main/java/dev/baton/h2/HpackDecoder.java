package dev.baton.h2;

/**
 * Decodes the header blocks of one HTTP/2 connection (RFC 7541): indexed fields, literals with or without
 * indexing, dynamic table size updates, integers and (Huffman) strings. Every malformed block is a
 * COMPRESSION_ERROR, a connection error: the table can no longer be trusted.
 *
 * <p>A field is handed to the {@link HeaderSink} with its name and value in one scratch array, valid only during
 * the call. A block whose fields pass {@code maxListSize} (as RFC 9113 counts it: name + value + 32 per field) or
 * hold a string longer than the scratch is still decoded to its end, so that the dynamic table stays in step with
 * the peer's encoder, but its fields from there on are not handed over and {@link #decode} says false: the stream,
 * not the connection, is refused. Owner reactor's thread only; allocates nothing after construction.
 */
public final class HpackDecoder {
    /** Receives the decoded fields of one block, in order. */
    public interface HeaderSink {
        /** One field; {@code buf} is the decoder's scratch, to copy from before returning. */
        void header(byte[] buf, int nameOff, int nameLen, int valueOff, int valueLen) throws H2Exception;
    }

    private final HpackDynamicTable table;
    private final byte[] scratch;
    /** Read position in the block being decoded. */
    private int pos;
    private int end;
    private byte[] block;

    /**
     * {@code tableCapacity}: the SETTINGS_HEADER_TABLE_SIZE we announce (4096 by default); {@code maxString}: the
     * longest name plus value handed over (at least the table capacity).
     */
    public HpackDecoder(final int tableCapacity, final int maxString) {
        this(tableCapacity, new byte[Math.max(maxString, tableCapacity)]);
    }

    /**
     * A decoder whose strings go to {@code scratch} (at least {@code tableCapacity} bytes), which decoders used
     * one at a time may share ({@link H2Scratch}).
     */
    HpackDecoder(final int tableCapacity, final byte[] scratch) {
        if (scratch.length < tableCapacity) {
            throw new IllegalArgumentException("HPACK scratch smaller than the table");
        }
        this.table = new HpackDynamicTable(tableCapacity);
        this.scratch = scratch;
    }

    /** The dynamic table, for tests. */
    HpackDynamicTable table() {
        return table;
    }

    /**
     * Decodes the whole block {@code src[off, off+len)}, handing each field to {@code sink}. Returns true when
     * every field was handed over, false when the block passed {@code maxListSize} (see above).
     *
     * @throws H2Exception COMPRESSION_ERROR for a malformed block; or what the sink throws
     */
    public boolean decode(final byte[] src, final int off, final int len, final int maxListSize,
                          final HeaderSink sink) throws H2Exception {
        block = src;
        pos = off;
        end = off + len;
        boolean fieldSeen = false;
        boolean fits = true;
        long listSize = 0;
        try {
            while (pos < end) {
                final int b = block[pos] & 0xff;
                if ((b & 0xe0) == 0x20) { // dynamic table size update
                    if (fieldSeen) {
                        throw error("dynamic table size update after a field");
                    }
                    final int limit = readInt(5);
                    if (limit > table.capacity()) {
                        throw error("dynamic table size " + limit + " over the announced " + table.capacity());
                    }
                    table.maxSize(limit);
                    continue;
                }
                fieldSeen = true;
                final int nameLen;
                final int valueLen;
                if ((b & 0x80) != 0) { // indexed field
                    final int index = readInt(7);
                    nameLen = copyName(index);
                    valueLen = copyValue(index, nameLen);
                } else {
                    final boolean indexing = (b & 0xc0) == 0x40;
                    final int index = readInt(indexing ? 6 : 4);
                    nameLen = index == 0 ? readString(0) : copyName(index);
                    valueLen = readString(nameLen);
                    if (indexing) {
                        if (nameLen < 0 || valueLen < 0) {
                            table.clear(); // larger than the scratch, so than the table: empties it (section 4.4)
                        } else {
                            table.add(scratch, 0, nameLen, nameLen, valueLen);
                        }
                    }
                }
                if (nameLen < 0 || valueLen < 0) {
                    fits = false;
                    continue;
                }
                listSize += nameLen + valueLen + HpackDynamicTable.ENTRY_OVERHEAD;
                if (listSize > maxListSize) {
                    fits = false;
                }
                if (fits) {
                    sink.header(scratch, 0, nameLen, nameLen, valueLen);
                }
            }
        } finally {
            block = null;
        }
        return fits;
    }

    /** Copies the name of static or dynamic entry {@code index} to the scratch's start; its length. */
    private int copyName(final int index) throws H2Exception {
        if (index >= 1 && index <= HpackStaticTable.SIZE) {
            final byte[] name = HpackStaticTable.name(index);
            System.arraycopy(name, 0, scratch, 0, name.length);
            return name.length;
        }
        final int dyn = dynamicIndex(index);
        return table.copyName(dyn, scratch, 0);
    }

    /** Copies the value of entry {@code index} after the name; its length, or -1 if it does not fit. */
    private int copyValue(final int index, final int nameLen) throws H2Exception {
        if (index <= HpackStaticTable.SIZE) {
            final byte[] value = HpackStaticTable.value(index);
            System.arraycopy(value, 0, scratch, nameLen, value.length);
            return value.length;
        }
        final int dyn = dynamicIndex(index);
        return table.copyValue(dyn, scratch, nameLen);
    }

    private int dynamicIndex(final int index) throws H2Exception {
        final int dyn = index - HpackStaticTable.SIZE;
        if (index == 0 || dyn > table.count()) {
            throw error("index " + index + " out of the tables");
        }
        return dyn;
    }

    /**
     * Reads a string literal into the scratch from {@code at}: its length, or -1 when it does not fit in the
     * scratch or {@code at} is -1 (its name did not fit): read past and checked all the same.
     */
    private int readString(final int at) throws H2Exception {
        if (pos >= end) {
            throw error("truncated string");
        }
        final boolean huffman = (block[pos] & 0x80) != 0;
        final int len = readInt(7);
        if (len > end - pos) {
            throw error("string of " + len + " bytes past the block's end");
        }
        final int room = at < 0 ? 0 : scratch.length - at;
        int out;
        if (huffman) {
            out = Huffman.decode(block, pos, len, scratch, Math.max(at, 0), room);
            if (out == Huffman.INVALID) {
                throw error("bad Huffman string");
            }
        } else {
            out = len;
            if (len <= room) {
                System.arraycopy(block, pos, scratch, at, len);
            }
        }
        pos += len;
        return out < 0 || out > room ? -1 : out;
    }

    /** Reads an integer with an {@code prefixBits}-bit prefix (section 5.1); at most 2^28 or so, else an error. */
    private int readInt(final int prefixBits) throws H2Exception {
        final int mask = (1 << prefixBits) - 1;
        int value = block[pos++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw error("truncated integer");
            }
            final int b = block[pos++] & 0xff;
            if (shift > 21) {
                throw error("integer too large");
            }
            value += (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static H2Exception error(final String what) {
        return H2Exception.connection(H2Error.COMPRESSION_ERROR, "HPACK: " + what);
    }
}
