package dev.baton.config;

import dev.baton.sys.Identity;

import java.util.OptionalInt;

/**
 * The socket options of a {@code bind} line (HAProxy 2.6's section 5.1) other than {@code name}, {@code id},
 * {@code backlog}, {@code v4v6}, {@code v6only} kept by {@link BindLineParser}: {@code maxconn}, {@code thread},
 * {@code process}, {@code defer-accept}, {@code tfo}, {@code interface}, {@code mss}, {@code transparent},
 * {@code tcp-ut}, and for Unix sockets {@code mode}, {@code user}, {@code uid}, {@code group}, {@code gid}. Those
 * baton cannot honour ({@code nice}, {@code namespace}, {@code accept-netscaler-cip}) are refused, each naming
 * the alternative. One instance per bind line; single-threaded.
 */
final class BindOptionParser {
    static final String EXPECTED_THREADS = "a thread set such as 1, 2-4, all, odd or even";
    static final int MAX_THREADS = GlobalSectionParser.MAX_NBTHREAD;

    private int maxconn;
    private long threads;
    private boolean deferAccept;
    private boolean tfo;
    private String iface;
    private int mss;
    private boolean transparent;
    private boolean v6only;
    private long tcpUtMs;
    private int mode;
    private int uid = -1;
    private int gid = -1;

    /**
     * Applies option {@code d.word(i)}: the index of its last word, or -1 when it is not one of these.
     * Throws {@link LineError} for a bad value or an option baton refuses.
     */
    int apply(final Directive d, final int i) {
        final String option = d.word(i);
        switch (option) {
            case "maxconn":
                maxconn = d.intArg(i + 1, "bind maxconn", 0, Integer.MAX_VALUE);
                return i + 1;
            case "thread":
                threads |= threadSet(d.require(i + 1, "bind thread", EXPECTED_THREADS), "bind thread");
                return i + 1;
            case "process":
                process(d, i);
                return i + 1;
            case "defer-accept":
                deferAccept = true;
                return i;
            case "tfo":
                tfo = true;
                return i;
            case "transparent":
                transparent = true;
                return i;
            case "v6only":
                v6only = true;
                return i;
            case "interface":
                iface = d.require(i + 1, "bind interface", "a network interface name such as eth0");
                return i + 1;
            case "mss":
                mss = d.intArg(i + 1, "bind mss", -65535, 65535);
                return i + 1;
            case "tcp-ut":
                tcpUtMs = d.timeArg(i + 1, "bind tcp-ut");
                return i + 1;
            default:
                return unixOrRefused(d, i, option);
        }
    }

    private int unixOrRefused(final Directive d, final int i, final String option) {
        switch (option) {
            case "mode":
                mode = octalMode(d.require(i + 1, "bind mode", "an octal mode such as 660"), "bind mode");
                return i + 1;
            case "uid":
                uid = d.intArg(i + 1, "bind uid", 0, Integer.MAX_VALUE);
                return i + 1;
            case "gid":
                gid = d.intArg(i + 1, "bind gid", 0, Integer.MAX_VALUE);
                return i + 1;
            case "user":
                uid = user(d.require(i + 1, "bind user", "a user name"), "bind user");
                return i + 1;
            case "group":
                gid = group(d.require(i + 1, "bind group", "a group name"), "bind group");
                return i + 1;
            case "nice":
                throw new LineError("bind option 'nice' sets the scheduling priority of HAProxy's tasks; baton's "
                    + "reactors serve every connection in arrival order and have no such priority. Give the "
                    + "latency-sensitive socket reactors of its own with 'thread'");
            case "namespace":
                throw new LineError("bind option 'namespace' is not supported: the JVM cannot open one socket in "
                    + "another network namespace; run baton inside that namespace (ip netns exec NAME, or "
                    + "systemd's NetworkNamespacePath=)");
            case "accept-netscaler-cip":
                throw new LineError("bind option 'accept-netscaler-cip' is not supported: have the NetScaler send "
                    + "the PROXY protocol instead and use 'accept-proxy'");
            default:
                return -1;
        }
    }

    BindOptions build() {
        return new BindOptions(maxconn, threads, deferAccept, tfo, iface, mss, transparent, v6only, tcpUtMs, mode,
            uid, gid);
    }

    /**
     * {@code process 1[/THREADS]}: HAProxy 2.6 accepts only process 1 and warns that the keyword is deprecated;
     * the thread part works as {@code thread}.
     */
    private void process(final Directive d, final int i) {
        final String value = d.require(i + 1, "bind process", "1 or 1/THREADS");
        final int slash = value.indexOf('/');
        final String procs = slash < 0 ? value : value.substring(0, slash);
        if ((threadSet(procs, "bind process") & ~1L) != 0) {
            throw new LineError("'process " + Messages.echo(value) + "': only process 1 exists");
        }
        String warning = "'process " + value + "' on 'bind' lines is deprecated and will be removed in 2.7.";
        if (slash >= 0) {
            threads |= threadSet(value.substring(slash + 1), "bind process");
            warning += " Please use 'thread " + value.substring(slash + 1) + "' instead.";
        }
        d.warning(warning);
    }

    /**
     * HAProxy's thread set: {@code all}, {@code odd}, {@code even}, {@code N}, {@code N-M}, {@code N-} (to the
     * last possible thread), {@code -M} (from 1), as a bit mask of threads 1..64; a thread group prefix
     * {@code 1/} is taken (baton runs one thread group).
     */
    static long threadSet(final String written, final String kw) {
        String text = written;
        if (text.startsWith("1/")) {
            text = text.substring(2);
        }
        switch (text) {
            case "all":
                return -1L;
            case "odd":
                return 0x5555555555555555L;
            case "even":
                return 0xAAAAAAAAAAAAAAAAL;
            default:
                break;
        }
        final int dash = text.indexOf('-');
        final int low = dash == 0 ? 1 : threadNumber(dash < 0 ? text : text.substring(0, dash), written, kw);
        final int high = dash < 0 ? low : dash == text.length() - 1 ? MAX_THREADS
            : threadNumber(text.substring(dash + 1), written, kw);
        if (high < low) {
            throw new LineError(Messages.badValue(kw, EXPECTED_THREADS, written));
        }
        long mask = 0;
        for (int t = low; t <= high; t++) {
            mask |= 1L << (t - 1);
        }
        return mask;
    }

    private static int threadNumber(final String text, final String written, final String kw) {
        if (text.isEmpty() || text.length() > 2 || Numbers.leadingDigits(text) != text.length()) {
            throw new LineError(Messages.badValue(kw, EXPECTED_THREADS, written));
        }
        final int n = Integer.parseInt(text);
        if (n < 1 || n > MAX_THREADS) {
            throw new LineError(Messages.badValue(kw, "thread numbers between 1 and " + MAX_THREADS, written));
        }
        return n;
    }

    /** Permission bits in octal as chmod takes them, 0..0777 (HAProxy: "octal integer expected"). */
    static int octalMode(final String text, final String kw) {
        if (text.isEmpty() || text.length() > 4) {
            throw new LineError(Messages.badValue(kw, "an octal mode such as 660", text));
        }
        int value = 0;
        for (int k = 0; k < text.length(); k++) {
            final char c = text.charAt(k);
            if (c < '0' || c > '7') {
                throw new LineError(Messages.badValue(kw, "an octal mode such as 660", text));
            }
            value = value * 8 + (c - '0');
        }
        if (value > 0777) {
            throw new LineError(Messages.badValue(kw, "an octal mode such as 660", text));
        }
        return value;
    }

    /** The uid of user {@code name}, looked up now as HAProxy does ("unknown user name"). */
    static int user(final String name, final String kw) {
        final OptionalInt id = Identity.userId(name);
        if (id.isEmpty()) {
            throw new LineError("'" + kw + "' : unknown user name '" + Messages.echo(name) + "'");
        }
        return id.getAsInt();
    }

    /** The gid of group {@code name}, looked up now as HAProxy does ("unknown group name"). */
    static int group(final String name, final String kw) {
        final OptionalInt id = Identity.groupId(name);
        if (id.isEmpty()) {
            throw new LineError("'" + kw + "' : unknown group name '" + Messages.echo(name) + "'");
        }
        return id.getAsInt();
    }
}
