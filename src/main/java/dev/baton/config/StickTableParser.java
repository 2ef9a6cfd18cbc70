package dev.baton.config;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickKeyType;
import dev.baton.stick.StickTableConfig;

import java.util.Arrays;

/**
 * {@code stick-table type ip|ipv6|integer|string [len N]|binary [len N] size N[k|m|g] [expire T] [nopurge]
 * [store TYPE[,TYPE...]]} of a frontend, backend or listen section into the proxy's {@link StickTableConfig} (the
 * table takes the proxy's name). {@code peers} is refused: baton has no peers section to share a table with. Data
 * types baton does not store are refused by name. A refused line throws {@link LineError}. Stateless.
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
        StickKeyType type = null;
        int keyLength = 0;
        long size = 0;
        long expireMs = 0;
        boolean nopurge = false;
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        int i = 1;
        while (i < d.size()) {
            final String word = d.word(i);
            switch (word) {
                case "type": {
                    final String t = d.require(i + 1, KW + " type", "one of ip, ipv6, integer, string, binary");
                    type = StickKeyType.of(t);
                    if (type == null) {
                        throw new LineError("'" + KW + "': unknown type '" + t
                            + "' (expected ip, ipv6, integer, string or binary)");
                    }
                    keyLength = type.defaultLength();
                    i += 2;
                    if (type.customLength() && "len".equals(d.has(i) ? d.word(i) : null)) {
                        keyLength = d.intArg(i + 1, KW + " type " + t + " len", 1, 65536);
                        i += 2;
                    }
                    break;
                }
                case "size": {
                    final String text = d.require(i + 1, KW + " size", Sizes.EXPECTED);
                    try {
                        size = Sizes.parseBytes(text);
                    } catch (final BadValueException e) {
                        throw Directive.badValue(KW + " size", e, text);
                    }
                    i += 2;
                    break;
                }
                case "expire":
                    expireMs = d.timeArg(i + 1, KW + " expire");
                    i += 2;
                    break;
                case "nopurge":
                    nopurge = true;
                    i++;
                    break;
                case "store":
                    store(d.require(i + 1, KW + " store", "a data type such as http_req_rate(10s)"), periods, d);
                    i += 2;
                    break;
                case "peers":
                    throw new LineError("'" + KW + " peers': baton has no peers section, so a table is never "
                        + "shared with another process; remove 'peers " + (d.has(i + 1) ? d.word(i + 1) : "")
                        + "' (the table then lives in this process only and starts empty after a reload)");
                case "srvkey": {
                    final String key = d.require(i + 1, KW + " srvkey", "name or addr");
                    if (key.equals("addr")) {
                        throw new LineError(Messages.notImplemented(KW + " srvkey addr")
                            + "; use 'srvkey name' (the default: the server's name identifies it)");
                    }
                    if (!key.equals("name")) {
                        throw new LineError("'" + KW + "': unknown server key type '" + Messages.echo(key)
                            + "' (expected name or addr)");
                    }
                    i += 2;
                    break;
                }
                default:
                    throw new LineError("'" + KW + "': unknown argument '" + word
                        + "' (expected type, size, expire, nopurge or store)");
            }
        }
        if (type == null) {
            throw new LineError("'" + KW + "': missing 'type' (ip, ipv6, integer, string or binary)");
        }
        if (size == 0) {
            throw new LineError("'" + KW + "': missing 'size' (the most entries the table holds, such as 100k)");
        }
        p.stickTable = new StickTableConfig(p.name, type, keyLength, size, expireMs, nopurge, periods);
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
