package dev.baton.config;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickKeyType;
import dev.baton.stick.StickTableConfig;

import java.util.Arrays;

/**
 * {@code stick-table type ip|ipv6|integer|string [len N]|binary [len N] size N[k|m|g] [expire T] [nopurge]
 * [store TYPE[,TYPE...]]} of a frontend, backend or listen section into the proxy's {@link StickTableConfig} (the
 * table takes the proxy's name), and {@code table NAME type ...} of a {@code peers} section (the table is called
 * {@code SECTION/NAME}, shared through that section, and peers know it as {@code NAME}). {@code peers NAME} shares a
 * proxy's table through that section (checked once every section is read). Data types baton does not store are
 * refused by name. A refused line throws {@link LineError}. Stateless.
 */
final class StickTableParser {
    private static final String KW = "stick-table";

    private StickTableParser() {
    }

    static void parse(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notAllowed(KW, Section.DEFAULTS));
        }
        if (p.stickTable != null) {
            throw new LineError("'" + KW + "': only one stick table per proxy; " + p.name + " already has one");
        }
        p.stickTable = definition(d, KW, p.name, p.name, null, 1);
        p.stickTableWhere = d.where();
    }

    /**
     * The table a peers section's {@code table NAME ...} line declares ({@code d.word(1)} is its name): called
     * {@code SECTION/NAME}, shared through {@code section}.
     */
    static StickTableConfig peersTable(final Directive d, final String section) {
        final String name = d.require(1, "table", "a table name");
        return definition(d, "table", section + "/" + name, "/" + name, section, 2); // HAProxy sends "/NAME"
    }

    /**
     * The definition on {@code d} from its word {@code from} (word 0 is the keyword {@code kw}). {@code section}: the peers
     * section that declares it (its lines may not name another), null for a proxy's.
     */
    private static StickTableConfig definition(final Directive d, final String kw, final String name,
                                               final String wireName, final String section, final int from) {
        String peers = section;
        StickKeyType type = null;
        int keyLength = 0;
        long size = 0;
        long expireMs = 0;
        boolean nopurge = false;
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        int i = from;
        while (i < d.size()) {
            final String word = d.word(i);
            switch (word) {
                case "type": {
                    final String t = d.require(i + 1, kw + " type", "one of ip, ipv6, integer, string, binary");
                    type = StickKeyType.of(t);
                    if (type == null) {
                        throw new LineError("'" + kw + "': unknown type '" + t
                            + "' (expected ip, ipv6, integer, string or binary)");
                    }
                    keyLength = type.defaultLength();
                    i += 2;
                    if (type.customLength() && "len".equals(d.has(i) ? d.word(i) : null)) {
                        keyLength = d.intArg(i + 1, kw + " type " + t + " len", 1, 65536);
                        if (type == StickKeyType.STRING) {
                            keyLength++; // HAProxy's key size: room for the terminating NUL after len characters
                        }
                        i += 2;
                    }
                    break;
                }
                case "size": {
                    final String text = d.require(i + 1, kw + " size", Sizes.EXPECTED);
                    try {
                        size = Sizes.parseBytes(text);
                    } catch (final BadValueException e) {
                        throw Directive.badValue(kw + " size", e, text);
                    }
                    i += 2;
                    break;
                }
                case "expire":
                    expireMs = d.timeArg(i + 1, kw + " expire");
                    i += 2;
                    break;
                case "nopurge":
                    nopurge = true;
                    i++;
                    break;
                case "store":
                    store(d.require(i + 1, kw + " store", "a data type such as http_req_rate(10s)"), periods, d);
                    i += 2;
                    break;
                case "peers":
                    if (section != null) {
                        throw new LineError(kw + ": unknown argument 'peers'.");
                    }
                    peers = d.require(i + 1, kw + " peers", "the name of a peers section");
                    i += 2;
                    break;
                case "srvkey": {
                    final String key = d.require(i + 1, kw + " srvkey", "name or addr");
                    if (key.equals("addr")) {
                        throw new LineError(Messages.notImplemented(kw + " srvkey addr")
                            + "; use 'srvkey name' (the default: the server's name identifies it)");
                    }
                    if (!key.equals("name")) {
                        throw new LineError("'" + kw + "': unknown server key type '" + Messages.echo(key)
                            + "' (expected name or addr)");
                    }
                    i += 2;
                    break;
                }
                default:
                    throw new LineError("'" + kw + "': unknown argument '" + word
                        + "' (expected type, size, expire, nopurge, " + (section == null ? "peers, " : "")
                        + "srvkey or store)");
            }
        }
        if (type == null) {
            throw new LineError("'" + kw + "': missing 'type' (ip, ipv6, integer, string or binary)");
        }
        if (size == 0) {
            throw new LineError("'" + kw + "': missing 'size' (the most entries the table holds, such as 100k)");
        }
        return new StickTableConfig(name, type, keyLength, size, expireMs, nopurge, periods, peers, wireName);
    }

    /** {@code TYPE[(PERIOD)][,TYPE...]} into {@code periods}. */
    private static void store(final String list, final long[] periods, final Directive d) {
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= list.length(); i++) {
            final char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                storeOne(list.substring(start, i), periods, d);
                start = i + 1;
            }
        }
    }

    private static void storeOne(final String item, final long[] periods, final Directive d) {
        final int paren = item.indexOf('(');
        final String name = paren < 0 ? item : item.substring(0, paren);
        final StickDataType t = StickDataType.of(name);
        if (t == null) {
            if (StickDataType.unsupported(name)) {
                throw new LineError("'" + KW + " store " + name + "': not supported by baton; store one of "
                    + StickDataType.supported());
            }
            throw new LineError("'" + KW + "': unknown store option '" + name + "'");
        }
        if (!t.rate()) {
            if (paren >= 0) {
                throw new LineError("'" + KW + "': unexpected argument to store option '" + name + "'");
            }
            if (periods[t.ordinal()] >= 0) {
                d.warning("'" + KW + "': store option '" + name + "' already enabled, ignored");
            }
            periods[t.ordinal()] = 0;
            return;
        }
        if (paren < 0 || !item.endsWith(")")) {
            throw new LineError("'" + KW + "': missing argument to store option '" + name
                + "' (a period such as " + name + "(10s))");
        }
        final String period = item.substring(paren + 1, item.length() - 1);
        try {
            periods[t.ordinal()] = Durations.parseMs(period);
        } catch (final BadValueException e) {
            throw Directive.badValue(KW + " store " + name, e, period);
        }
        if (periods[t.ordinal()] == 0) {
            throw new LineError("'" + KW + " store " + name + "': the period must not be 0");
        }
    }
}
