package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxy keywords {@code compression algo|type|offload} and {@code filter compression}, as HAProxy 2.6 reads
 * them (flt_http_comp.c), into the {@link ProxyDraft}'s {@link Draft}. Stateless.
 */
final class CompressionParser {
    static final String EXPECTED = "'algo', 'type' or 'offload'";

    /**
     * A section's compression lines so far. {@code written}: some {@code compression} line was read here or in the
     * {@code defaults} (HAProxy's {@code proxy->comp} exists), even one that chose nothing.
     */
    static final class Draft {
        boolean written;
        /** In lookup order: each {@code algo} word goes in front, as HAProxy links them. */
        final List<CompressionAlgo> algos = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        boolean offload;
        /** A {@code filter compression} line was read (at most one per proxy). */
        boolean filter;

        /** The draft of a proxy under this {@code defaults} section: algorithms and types, never offload. */
        Draft inherit() {
            final Draft d = new Draft();
            d.written = written;
            d.algos.addAll(algos);
            d.types.addAll(types);
            return d;
        }

        /** The proxy's settings, null when it wrote no {@code compression} line and inherited none. */
        CompressionConfig build(final CompressionTuning tuning) {
            return written ? new CompressionConfig(algos, types, offload, tuning) : null;
        }
    }

    private CompressionParser() {
    }

    /** {@code compression algo A...|type T...|offload}. */
    static void compression(final Directive d, final ProxyDraft p) {
        final Draft c = p.compression;
        final String what = d.require(1, "compression", EXPECTED);
        p.http.httpOnly("compression", d);
        switch (what) {
            case "algo": {
                d.require(2, "compression algo", "<algorithm>");
                for (int i = 2; d.has(i); i++) {
                    final CompressionAlgo algo = CompressionAlgo.byConfigName(d.word(i));
                    if (algo == null) {
                        throw new LineError("'compression' : '" + Messages.echo(d.word(i)) + "' is not a supported"
                            + " algorithm (identity, deflate, raw-deflate, gzip)");
                    }
                    c.algos.add(0, algo);
                }
                break;
            }
            case "type":
                d.require(2, "compression type", "<type>");
                for (int i = 2; d.has(i); i++) {
                    c.types.add(d.word(i));
                }
                break;
            case "offload":
                if (d.has(2)) {
                    d.warning("'compression offload' takes no argument: '" + Messages.echo(d.word(2))
                        + "' and what follows are ignored, as HAProxy does");
                }
                if (p.section == Section.DEFAULTS) {
                    d.warning("'compression' : 'offload' ignored in 'defaults' section (as in HAProxy: write it in"
                        + " each frontend, backend or listen section)");
                } else {
                    c.offload = true;
                }
                break;
            default:
                throw new LineError(Messages.badValue("compression", EXPECTED, what));
        }
        c.written = true;
    }

    /**
     * {@code filter compression}: HAProxy's explicit place of the compression filter among other filters. baton has
     * no other filter, so the line only declares what the {@code compression} lines already enable; any other filter
     * is not implemented.
     */
    static void filter(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "filter", "a filter name (baton implements 'compression' and 'spoe')");
        if (name.equals("spoe")) {
            SpoeFilterParser.filter(d, p);
            return;
        }
        if (!name.equals("compression")) {
            throw new LineError(Messages.notImplemented("filter " + name));
        }
        if (d.has(2)) {
            throw new LineError("'filter compression' : unknown keyword '" + Messages.echo(d.word(2)) + "'");
        }
        if (p.compression.filter) {
            throw new LineError("'filter' : '" + p.name + "': Proxy supports only one compression filter");
        }
        p.compression.filter = true;
    }

    /** {@code tune.comp.maxlevel N}, {@code maxcomprate N}, {@code maxcompcpuusage N}, read into {@code tuning}. */
    static CompressionTuning global(final Directive d, final CompressionTuning tuning) {
        final String kw = d.keyword();
        d.noMoreThan(2, kw);
        switch (kw) {
            case "tune.comp.maxlevel":
                return new CompressionTuning(d.intArg(1, kw, 1, 9), tuning.maxRateBytesPerSecond());
            case "maxcomprate":
                return new CompressionTuning(tuning.maxLevel(), d.intArg(1, kw, 0, Integer.MAX_VALUE / 1024) * 1024L);
            default: { // maxcompcpuusage
                final int percent = d.intArg(1, kw, 0, 100);
                if (percent < 100) {
                    throw new LineError("'maxcompcpuusage " + percent + "' is not implemented: baton does not measure"
                        + " its reactors' idle time; remove it (100, no limit, is accepted) and cap the compression"
                        + " work with 'maxcomprate' (kB/s) and 'tune.comp.maxlevel'");
                }
                return tuning;
            }
        }
    }
}
