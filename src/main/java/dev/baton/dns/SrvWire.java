package dev.baton.dns;

import java.net.InetAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a DNS SRV query (RFC 2782) read as HAProxy 2.6 reads it (resolv_validate_dns_response): the SRV
 * records of the answer section (priority, weight, port, target; names may be compressed), then, past the
 * authority section, the A and AAAA records of the additional section, which give a target's address without a
 * second query. The truncation flag does not make it an error (what was read is used); an answer without any
 * record is OTHER; a record whose data has the wrong size makes the whole message INVALID, as does a CNAME that
 * ends the answer section for a CNAME chain that leads nowhere (OTHER). Records of other types are passed over.
 * Pure functions; any thread.
 */
public final class SrvWire {
    /**
     * An SRV record: {@code target} with dots, as written (case kept), and {@code key}, HAProxy's key for the
     * record (the 32-bit xxHash of the target's wire labels seeded with the type), which orders the records.
     */
    public record Record(int priority, int weight, int port, String target, int key) {
    }

    /** An A or AAAA record of the additional section: the name it is for and its address. */
    public record Additional(String name, InetAddress address) {
    }

    /** An answer: its status, its SRV records and its additional addresses, in the order written. */
    public record Answer(DnsWire.Status status, List<Record> records, List<Additional> additionals) {
    }

    private static final Answer INVALID = new Answer(DnsWire.Status.INVALID, List.of(), List.of());

    private SrvWire() {
    }

    /** The answer {@code in} holds to SRV query {@code id} for {@code name}. */
    public static Answer read(final ByteBuffer in, final int id, final String name) {
        try {
            return parse(in, id, name);
        } catch (final BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return INVALID;
        }
    }

    private static Answer parse(final ByteBuffer in, final int id, final String name) {
        final DnsWire.Header h = DnsWire.header(in, id, name, DnsWire.TYPE_SRV);
        if (h.failure() != null) {
            return new Answer(h.failure(), List.of(), List.of());
        }
        if (h.answers() == 0) {
            return new Answer(DnsWire.Status.OTHER, List.of(), List.of());
        }
        final List<Record> records = new ArrayList<>();
        for (int i = 0; i < h.answers(); i++) {
            DnsWire.readLabels(in);
            final int type = in.getShort() & 0xffff;
            in.getShort();
            in.getInt();
            final int len = in.getShort() & 0xffff;
            final int end = in.position() + len;
            if (end > in.limit()) {
                return INVALID;
            }
            if (type == DnsWire.TYPE_SRV) {
                if (len <= 6) {
                    return INVALID;
                }
                final int priority = in.getShort() & 0xffff;
                final int weight = in.getShort() & 0xffff;
                final int port = in.getShort() & 0xffff;
                final byte[] target = DnsWire.readLabels(in);
                if (target.length == 0) {
                    return INVALID;
                }
                records.add(new Record(priority, weight, port, DnsWire.dotted(target),
                    Xxh32.hash(target, 0, target.length, DnsWire.TYPE_SRV)));
            } else if (type == DnsWire.TYPE_A && len != 4 || type == DnsWire.TYPE_AAAA && len != 16) {
                return INVALID;
            } else if (type == DnsWire.TYPE_CNAME && i + 1 == h.answers()) {
                return new Answer(DnsWire.Status.OTHER, List.of(), List.of());
            }
            in.position(end);
        }
        for (int i = 0; i < h.authorities(); i++) {
            DnsWire.readLabels(in);
            in.position(in.position() + 8);
            final int len = in.getShort() & 0xffff;
            in.position(in.position() + len);
        }
        final List<Additional> additionals = new ArrayList<>();
        for (int i = 0; i < h.additionals(); i++) {
            final String owner = DnsWire.dotted(DnsWire.readLabels(in));
            final int type = in.getShort() & 0xffff;
            in.getShort();
            in.getInt();
            final int len = in.getShort() & 0xffff;
            if (type == DnsWire.TYPE_A || type == DnsWire.TYPE_AAAA) {
                if (len != (type == DnsWire.TYPE_A ? 4 : 16)) {
                    return INVALID;
                }
                final byte[] raw = new byte[len];
                in.get(raw);
                additionals.add(new Additional(owner, DnsWire.address(raw)));
            } else {
                in.position(in.position() + len); // the EDNS0 OPT record and any other type
            }
        }
        return new Answer(DnsWire.Status.VALID, List.copyOf(records), List.copyOf(additionals));
    }
}
