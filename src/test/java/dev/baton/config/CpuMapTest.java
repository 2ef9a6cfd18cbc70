package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuMapTest {
    /** The expanded map as "thread:cpus@line" strings. */
    private static List<String> cpuMap(final String... globalLines) throws ConfigException {
        final List<String> out = new ArrayList<>();
        for (final CpuMapEntry e : ConfigTexts.parse(ConfigTexts.concat(List.of("global"), globalLines)).global().cpuMap()) {
            out.add(e.thread() + ":" + e.cpus() + "@" + e.where().line());
        }
        return out;
    }

    /** The warnings, without the section-less config's own (missing timeouts and the like). */
    private static List<String> warnings(final String... globalLines) throws ConfigException {
        final List<String> out = new ArrayList<>();
        for (final String w : ConfigTexts.warnings(ConfigTexts.concat(List.of("global"), globalLines))) {
            if (w.contains("cpu-map")) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<String> errors(final String... globalLines) {
        return ConfigTexts.errors(ConfigTexts.concat(List.of("global"), globalLines));
    }

    @Test
    void autoPairsThreadsAndCpusInOrder() throws ConfigException {
        assertEquals(List.of("1:{0}@3", "2:{1}@3", "3:{2}@3", "4:{3}@3"),
            cpuMap("nbthread 4", "cpu-map auto:1/1-4 0-3"));
        assertEquals(List.of("1:{2}@3", "2:{5}@3", "3:{6}@3"), cpuMap("nbthread 3", "cpu-map auto:1/all 6 2 5"));
    }

    @Test
    void withoutAutoEveryThreadGetsTheWholeSet() throws ConfigException {
        assertEquals(List.of("2:{1}@3"), cpuMap("nbthread 4", "cpu-map 1/2 1"));
        assertEquals(List.of("1:{0, 1}@3", "2:{0, 1}@3"), cpuMap("nbthread 2", "cpu-map 1/all 0-1"));
        assertEquals(List.of("1:{0, 2, 3, 4}@3", "2:{0, 2, 3, 4}@3"), cpuMap("nbthread 2", "cpu-map all 0 2-4"));
    }

    @Test
    void nbthreadMayComeAfterCpuMap() throws ConfigException {
        assertEquals(List.of("1:{7}@2", "2:{7}@2", "3:{7}@2"), cpuMap("cpu-map 1/all 7", "nbthread 3"));
    }

    @Test
    void aLaterLineForAThreadReplacesTheEarlierOne() throws ConfigException {
        assertEquals(List.of("1:{0}@3", "2:{9}@4", "3:{2}@3", "4:{3}@3"),
            cpuMap("nbthread 4", "cpu-map auto:1/1-4 0-3", "cpu-map 1/2 9"));
    }

    @Test
    void mismatchedAutoCountsAreAnError() {
        assertEquals(List.of("t.cfg:3: 'cpu-map auto:' pairs threads with CPUs one to one, got 4 threads and 3 CPUs"),
            errors("nbthread 4", "cpu-map auto:1/1-4 0-2"));
        assertEquals(List.of("t.cfg:3: 'cpu-map auto:' pairs threads with CPUs one to one, got 2 threads and 4 CPUs"),
            errors("nbthread 2", "cpu-map auto:1/all 0-3"));
    }

    /** HAProxy 2.6 takes them silently; baton warns and maps the threads that exist. */
    @Test
    void threadsAboveNbthreadAreIgnoredWithAWarning() throws ConfigException {
        assertEquals(List.of("t.cfg:2: cpu-map thread 5 exceeds nbthread 4: the threads above 4 do not exist, their "
            + "part of the line is ignored"), warnings("cpu-map 1/5 0", "nbthread 4"));
        assertEquals(List.of(), cpuMap("cpu-map 1/5 0", "nbthread 4"));
        assertEquals(List.of("t.cfg:3: cpu-map thread 8 exceeds nbthread 2: the threads above 2 do not exist, their "
            + "part of the line is ignored"), warnings("nbthread 2", "cpu-map auto:1/1-8 0-7"));
        assertEquals(List.of("1:{0}@3", "2:{1}@3"), cpuMap("nbthread 2", "cpu-map auto:1/1-4 0-3"));
        assertEquals(List.of("1:{0, 1}@3", "2:{0, 1}@3"), cpuMap("nbthread 2", "cpu-map 1/1-4 0-1"));
    }

    @Test
    void withoutNbthreadThreadsAreCheckedAgainstTheProcessors() throws ConfigException {
        final int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(List.of("t.cfg:2: cpu-map thread " + (cpus + 1) + " exceeds nbthread " + cpus
            + " (nbthread is not set: " + cpus + " available processors): the threads above " + cpus + " do not "
            + "exist, their part of the line is ignored"), warnings("cpu-map 1/" + (cpus + 1) + " 0"));
    }

    @Test
    void malformedLinesAreReported() {
        assertEquals(List.of(
            "t.cfg:2: 'cpu-map' expects a thread set and a CPU set such as 1/all 0-3",
            "t.cfg:3: 'cpu-map' expects a thread set and a CPU set such as 1/all 0-3",
            "t.cfg:4: 'cpu-map' expects thread group 1 or all (baton runs one thread group), got '2'",
            "t.cfg:5: 'cpu-map' expects threads as N, N-M or all, got '0'",
            "t.cfg:6: 'cpu-map' expects threads as N, N-M or all, got '3-1'",
            "t.cfg:7: 'cpu-map' expects CPUs as N or N-M between 0 and 4095, got 'x'",
            "t.cfg:8: 'cpu-map' expects CPUs as N or N-M between 0 and 4095, got '4096'"),
            errors("cpu-map", "cpu-map 1/1", "cpu-map 2/1 0", "cpu-map 1/0 0", "cpu-map 1/3-1 0", "cpu-map 1/1 0 x",
                "cpu-map 1/1 4096", "nbthread 2"));
    }
}
