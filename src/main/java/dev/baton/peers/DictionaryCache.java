package dev.baton.peers;

import java.nio.charset.StandardCharsets;

/**
 * The per-session dictionary of {@code server_key} values (HAProxy's {@code dcache}, 128 entries each way): a
 * value is sent once with its id, then by id alone; a value received with an id is remembered under it. baton's
 * sending side keeps the last 128 values it sent, replacing them in turn. One per session (peers thread).
 */
final class DictionaryCache {
    static final int ENTRIES = 128;

    private final String[] sent = new String[ENTRIES];
    private final String[] received = new String[ENTRIES];
    private int nextSent;

    /** Forgets both sides (a new session). */
    void clear() {
        java.util.Arrays.fill(sent, null);
        java.util.Arrays.fill(received, null);
        nextSent = 0;
    }

    /** The received value of id {@code id} (1-based), or null: show peers dict. */
    String received(final int id) {
        return received[id - 1];
    }

    /** The sent value of slot {@code i} (0-based), or null. */
    String sent(final int i) {
        return sent[i];
    }

    void write(final WireWriter w, final String value) {
        if (value == null) {
            w.varint(0);
            return;
        }
        for (int i = 0; i < ENTRIES; i++) {
            if (value.equals(sent[i])) {
                w.varint(PeerWire.encodedLength(i + 1)).varint(i + 1);
                return;
            }
        }
        final int id = nextSent;
        sent[id] = value;
        nextSent = (nextSent + 1) % ENTRIES;
        final byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        final int size = PeerWire.encodedLength(id + 1) + PeerWire.encodedLength(bytes.length) + bytes.length;
        w.varint(size).varint(id + 1).varint(bytes.length).bytes(bytes);
    }

    String read(final WireReader r) throws WireReader.Malformed {
        final long size = r.varint();
        if (size == 0) {
            return null;
        }
        if (size > r.end() - r.position()) {
            throw new WireReader.Malformed("truncated dictionary entry");
        }
        final int end = r.position() + (int) size;
        final long id = r.varint();
        if (id == 0 || id > ENTRIES) {
            throw new WireReader.Malformed("bad dictionary id");
        }
        if (r.position() == end) {
            return received[(int) id - 1];
        }
        final long length = r.varint();
        if (length > end - r.position()) {
            throw new WireReader.Malformed("truncated dictionary value");
        }
        final String value = r.text((int) length);
        received[(int) id - 1] = value;
        if (r.position() != end) {
            r.skip(end - r.position());
        }
        return value;
    }
}
