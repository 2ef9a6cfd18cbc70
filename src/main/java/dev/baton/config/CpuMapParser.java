package dev.baton.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cpu-map [auto:]<group>[/<threads>] <cpuset>...}, in two steps because {@code nbthread} may come
 * later in the global section: {@link #parse} checks one line's syntax; {@link #expand} then resolves
 * {@code all}, checks threads against nbthread and produces one entry per thread.
 * <p>baton runs one thread group, so the group is {@code 1} or {@code all}; a missing {@code /threads}
 * means all threads. Without {@code auto:} each thread gets the whole CPU set; with it, threads and CPUs
 * are paired one to one in ascending order and their counts must match.
 */
final class CpuMapParser {
    static final String KW = "cpu-map";
    static final String EXPECTED = "a thread set and a CPU set such as 1/all 0-3";
    static final String EXPECTED_GROUP = "thread group 1 or all (baton runs one thread group)";
    static final String EXPECTED_THREADS = "threads as N, N-M or all";
    static final String EXPECTED_CPUS = "CPUs as N or N-M between 0 and " + CpuMapParser.MAX_CPU;

    /** Highest CPU number accepted, as HAProxy's default build. */
    static final int MAX_CPU = 4095;

    /** One parsed line; {@code lastThread} 0 stands for "all threads", known only once nbthread is. */
    record Line(boolean auto, int firstThread, int lastThread, BitSet cpus, SourceLocation where) {
    }

    private CpuMapParser() {
    }

    static Line parse(final Directive d) {
        final String spec = d.require(1, KW, EXPECTED);
        d.require(2, KW, EXPECTED);
        final boolean auto = spec.startsWith("auto:");
        final String groupAndThreads = auto ? spec.substring("auto:".length()) : spec;
        final int slash = groupAndThreads.indexOf('/');
        final String group = slash < 0 ? groupAndThreads : groupAndThreads.substring(0, slash);
        final String threads = slash < 0 ? "all" : groupAndThreads.substring(slash + 1);
        if (!group.equals("1") && !group.equals("all")) {
            throw new LineError(Messages.badValue(KW, EXPECTED_GROUP, group));
        }
        int first = 1;
        int last = 0;
        if (!threads.equals("all")) {
            final int[] range = range(threads, 1, EXPECTED_THREADS);
            first = range[0];
            last = range[1];
        }
        final BitSet cpus = new BitSet();
        for (int i = 2; i < d.size(); i++) {
            final int[] range = range(d.word(i), 0, EXPECTED_CPUS);
            cpus.set(range[0], range[1] + 1);
        }
        return new Line(auto, first, last, cpus, d.where());
    }

    /** {@code N} or {@code N-M} with {@code min <= N <= M <= MAX_CPU}, as {first, last}. */
    private static int[] range(final String text, final int min, final String expected) {
        final int dash = text.indexOf('-');
        try {
            final int from = Numbers.parseInt(dash < 0 ? text : text.substring(0, dash), min, MAX_CPU);
            final int to = dash < 0 ? from : Numbers.parseInt(text.substring(dash + 1), min, MAX_CPU);
            if (to >= from) {
                return new int[] {from, to};
            }
        } catch (final BadValueException e) {
            // reported below with the whole word, not the half that failed
        }
        throw new LineError(Messages.badValue(KW, expected, text));
    }

    /**
     * One entry per mapped thread, sorted by thread; a later line for a thread replaces an earlier one.
     * Threads above {@code nbthread} do not exist: as HAProxy 2.6, which takes such lines silently, their part of a
     * line is ignored (an {@code auto:} line still pairs its whole thread range with its CPUs first), with a warning.
     * An {@code auto:} line whose counts differ is reported at its own location and ignored. {@code nbthreadNote}
     * explains where nbthread came from when it was not configured (empty otherwise).
     */
    static List<CpuMapEntry> expand(final List<Line> lines, final int nbthread, final String nbthreadNote,
                                    final Diagnostics diag) {
        final Map<Integer, CpuMapEntry> byThread = new TreeMap<>();
        for (final Line line : lines) {
            final int last = line.lastThread() == 0 ? nbthread : line.lastThread();
            if (last > nbthread) {
                diag.warning(line.where(), "cpu-map thread " + last + " exceeds nbthread " + nbthread + nbthreadNote
                    + ": the threads above " + nbthread + " do not exist, their part of the line is ignored");
            }
            final int threads = last - line.firstThread() + 1;
            if (!line.auto()) {
                for (int t = line.firstThread(); t <= Math.min(last, nbthread); t++) {
                    byThread.put(t, new CpuMapEntry(t, line.cpus(), line.where()));
                }
                continue;
            }
            if (threads != line.cpus().cardinality()) {
                diag.error(line.where(), "'cpu-map auto:' pairs threads with CPUs one to one, got " + threads
                    + " threads and " + line.cpus().cardinality() + " CPUs");
                continue;
            }
            int cpu = line.cpus().nextSetBit(0);
            for (int t = line.firstThread(); t <= Math.min(last, nbthread); t++) {
                final BitSet one = new BitSet();
                one.set(cpu);
                byThread.put(t, new CpuMapEntry(t, one, line.where()));
                cpu = line.cpus().nextSetBit(cpu + 1);
            }
        }
        return new ArrayList<>(byThread.values());
    }
}
