package dev.baton.stick;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.Fetch;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

/**
 * The stick table fetches and converters of HAProxy 2.6 (section 7.3.3 and the {@code table_*} converters):
 * {@code sc_X(N[,T])}, {@code sc0_X([T])}..{@code sc2_X([T])} read the entry the stream (else the connection)
 * tracks in slot N, or the same key in table T; {@code src_X([T])} the entry of the client's address in T (the
 * proxy's own table when not named); {@code table_cnt([T])}, {@code table_avl([T])}; {@code in_table(T)} and
 * {@code table_X(T)} look the sample up as a key. As HAProxy: a slot that tracks nothing gives no sample (but
 * {@code tracked}: false), an absent key 0, a data type the table does not store no sample; {@code src_inc_gpc0}
 * and {@code src_clr_gpc0} create the entry. Fetches run on the stream's thread and allocate nothing.
 */
public final class StickSamples {
    /** What an {@code sc}/{@code src}/{@code table} sample reads of an entry. */
    private enum Op {
        CONN_CUR("conn_cur", StickDataType.CONN_CUR),
        CONN_CNT("conn_cnt", StickDataType.CONN_CNT),
        CONN_RATE("conn_rate", StickDataType.CONN_RATE),
        SESS_CNT("sess_cnt", StickDataType.SESS_CNT),
        SESS_RATE("sess_rate", StickDataType.SESS_RATE),
        HTTP_REQ_CNT("http_req_cnt", StickDataType.HTTP_REQ_CNT),
        HTTP_REQ_RATE("http_req_rate", StickDataType.HTTP_REQ_RATE),
        HTTP_ERR_CNT("http_err_cnt", StickDataType.HTTP_ERR_CNT),
        HTTP_ERR_RATE("http_err_rate", StickDataType.HTTP_ERR_RATE),
        GET_GPC0("get_gpc0", StickDataType.GPC0),
        GPC0_RATE("gpc0_rate", StickDataType.GPC0_RATE),
        GET_GPC1("get_gpc1", StickDataType.GPC1),
        GPC1_RATE("gpc1_rate", StickDataType.GPC1_RATE),
        GET_GPT0("get_gpt0", StickDataType.GPT0),
        KBYTES_IN("kbytes_in", StickDataType.BYTES_IN_CNT),
        KBYTES_OUT("kbytes_out", StickDataType.BYTES_OUT_CNT),
        BYTES_IN_RATE("bytes_in_rate", StickDataType.BYTES_IN_RATE),
        BYTES_OUT_RATE("bytes_out_rate", StickDataType.BYTES_OUT_RATE),
        INC_GPC0("inc_gpc0", StickDataType.GPC0),
        INC_GPC1("inc_gpc1", StickDataType.GPC1),
        CLR_GPC0("clr_gpc0", StickDataType.GPC0),
        CLR_GPC1("clr_gpc1", StickDataType.GPC1),
        TRACKERS("trackers", null),
        TRACKED("tracked", null);

        final String name;
        final StickDataType type;

        Op(final String name, final StickDataType type) {
            this.name = name;
            this.type = type;
        }

        /** Whether it changes the entry (and so a {@code src_} form creates it). */
        boolean writes() {
            return this == INC_GPC0 || this == INC_GPC1 || this == CLR_GPC0 || this == CLR_GPC1;
        }
    }

    /** {@code sc_X} takes its slot as an argument. */
    private static final int SLOT_ARG = -1;
    /** {@code src_X}. */
    private static final int SRC = -2;

    private StickSamples() {
    }

    public static void register(final SampleRegistry r) {
        for (final Op op : Op.values()) {
            final SampleType out = op == Op.TRACKED ? SampleType.BOOL : SampleType.SINT;
            r.fetch("sc_" + op.name, out, Uses.L4, 1, 2, a -> fetch(op, SLOT_ARG, a));
            for (int slot = 0; slot < StickCounters.SLOTS; slot++) {
                final int s = slot;
                r.fetch("sc" + slot + "_" + op.name, out, Uses.L4, 0, 1, a -> fetch(op, s, a));
            }
            if (op != Op.TRACKED) {
                r.fetch("src_" + op.name, out, Uses.L4, 0, 1, a -> fetch(op, SRC, a));
            }
            if (op.type != null && !op.writes() || op == Op.TRACKERS) {
                final String conv = "table_" + (op.name.startsWith("get_") ? op.name.substring(4) : op.name);
                r.converter(conv, SampleType.ANY, SampleType.SINT, 1, 1, a -> converter(op, a));
            }
        }
        r.fetch("table_cnt", SampleType.SINT, Uses.INTERNAL, 0, 1, a -> tableCount(a, false));
        r.fetch("table_avl", SampleType.SINT, Uses.INTERNAL, 0, 1, a -> tableCount(a, true));
        r.converter("in_table", SampleType.ANY, SampleType.BOOL, 1, 1, a -> {
            final String table = StickReferences.table(a.required(0, "table"), "in_table");
            return (ctx, smp) -> {
                final StickTable t = table(ctx, table);
                if (t == null) {
                    return false;
                }
                final StickKey probe = StickKey.threadProbe();
                final boolean found = probe.set(t.config(), smp, ctx.scratch()) && t.lookup(probe) != null;
                return smp.setBool(found) != null;
            };
        });
    }

    private static StickTable table(final SampleContext ctx, final String name) {
        final StickCounters c = ctx.stickCounters();
        return c == null ? null : c.tables().get(name);
    }

    private static Fetch tableCount(final Args a, final boolean available) {
        final String table = StickReferences.table(a.str(0, null), available ? "table_avl" : "table_cnt");
        return (ctx, out) -> {
            final StickTable t = table(ctx, table);
            if (t == null) {
                return false;
            }
            final long used = t.used();
            return out.setInt(available ? Math.max(0, t.config().size() - used) : used) != null;
        };
    }

    private static Fetch fetch(final Op op, final int slotKind, final Args a) {
        final int tableArg = slotKind == SLOT_ARG ? 1 : 0;
        final int slot;
        if (slotKind == SLOT_ARG) {
            final long n = a.integer(0);
            if (n < 0 || n >= StickCounters.SLOTS) {
                throw new SampleException("invalid stick counter " + n + " (expects 0 to " + (StickCounters.SLOTS - 1)
                    + ")");
            }
            slot = (int) n;
        } else {
            slot = slotKind;
        }
        final String what = a.owner();
        final String table = slotKind == SRC ? StickReferences.table(a.str(tableArg, null), what)
            : a.has(tableArg) ? StickReferences.table(a.str(tableArg), what) : null;
        if (slotKind == SRC) {
            return (ctx, out) -> {
                final StickTable t = table(ctx, table);
                final byte[] src = ctx.srcAddress();
                if (t == null || src == null) {
                    return false;
                }
                final StickKey probe = StickKey.threadProbe();
                if (!probe.setAddress(t.config(), src, ctx.scratch())) {
                    return false;
                }
                final StickEntry e = op.writes() ? t.getOrCreate(probe) : t.lookup(probe);
                return read(op, t, e, out);
            };
        }
        return (ctx, out) -> {
            final StickCounters c = ctx.stickCounters();
            final StickEntry tracked = c == null ? null : c.entry(slot);
            if (op == Op.TRACKED) {
                return out.setBool(tracked != null) != null;
            }
            if (tracked == null) {
                return false;
            }
            if (table == null) {
                return read(op, c.table(slot), tracked, out);
            }
            final StickTable t = c.tables().get(table);
            if (t == null) {
                return false;
            }
            final StickKey probe = StickKey.threadProbe();
            probe.setFrom(tracked.key());
            return read(op, t, t.lookup(probe), out);
        };
    }

    private static Converter converter(final Op op, final Args a) {
        final String table = StickReferences.table(a.required(0, "table"), a.owner());
        return (ctx, smp) -> {
            final StickTable t = table(ctx, table);
            if (t == null) {
                return false;
            }
            final StickKey probe = StickKey.threadProbe();
            if (!probe.set(t.config(), smp, ctx.scratch())) {
                return false;
            }
            return read(op, t, t.lookup(probe), smp);
        };
    }

    /** Writes what {@code op} reads of {@code e} (null: the key is absent, 0) into {@code out}. */
    private static boolean read(final Op op, final StickTable t, final StickEntry e, final Sample out) {
        if (op == Op.TRACKERS) {
            return out.setInt(e == null ? 0 : e.refs()) != null;
        }
        if (e == null) {
            return out.setInt(0) != null;
        }
        switch (op) {
            case INC_GPC0:
            case INC_GPC1: {
                final StickDataType rate = op == Op.INC_GPC0 ? StickDataType.GPC0_RATE : StickDataType.GPC1_RATE;
                if (!t.add(e, op.type, rate, 1)) {
                    return false;
                }
                final long v = t.stores(op.type) ? t.read(e, op.type) : t.read(e, rate);
                return out.setInt(v) != null;
            }
            case CLR_GPC0:
            case CLR_GPC1: {
                final long old = t.getAndSet(e, op.type, 0);
                return old >= 0 && out.setInt(old) != null;
            }
            default: {
                final long v = t.read(e, op.type);
                if (v < 0) {
                    return false; // not stored
                }
                return out.setInt(op == Op.KBYTES_IN || op == Op.KBYTES_OUT ? v >> 10 : v) != null;
            }
        }
    }
}
