package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Linux facilities baton uses at start-up: pinning the calling thread to CPUs ({@code cpu-map}), raising
 * or lowering the file-descriptor limit ({@code ulimit-n}), reading the thread id. Never on a hot path.
 */
public final class Os {
    private static final int RLIMIT_NOFILE = 7;
    private static final Object LOCK = new Object();
    private static LibC libc;

    private Os() {
    }

    static LibC libc() {
        synchronized (LOCK) {
            if (libc == null) {
                libc = Native.load("c", LibC.class);
            }
            return libc;
        }
    }

    /**
     * Restricts the calling thread to {@code cpus}. Throws with errno's meaning when the kernel refuses
     * (for instance a CPU that does not exist or is outside the process's cgroup).
     */
    public static void pinCurrentThread(final BitSet cpus) {
        final long[] mask = cpus.toLongArray();
        final long[] words = new long[Math.max(16, mask.length)];
        System.arraycopy(mask, 0, words, 0, mask.length);
        try {
            libc().sched_setaffinity(0, words.length * Long.BYTES, words);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("sched_setaffinity(" + cpus + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * Sets the soft RLIMIT_NOFILE to {@code limit} and the hard one to the larger of {@code limit} and the hard
     * limit the process has, as HAProxy 2.6 applies {@code ulimit-n} (raising the hard limit needs root or
     * CAP_SYS_RESOURCE). Throws with errno's meaning when the kernel refuses.
     */
    public static void setFileLimit(final long limit) {
        final long hard = hardFileLimit();
        try {
            libc().setrlimit(RLIMIT_NOFILE, new long[] {limit, Math.max(limit, hard)});
        } catch (final LastErrorException e) {
            throw new IllegalStateException("setrlimit(NOFILE, " + limit + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /** The hard RLIMIT_NOFILE: how far an unprivileged process may raise its soft limit. */
    public static long hardFileLimit() {
        final long[] rlim = new long[2];
        try {
            libc().getrlimit(RLIMIT_NOFILE, rlim);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("getrlimit(NOFILE) failed: errno " + e.getErrorCode(), e);
        }
        return rlim[1] < 0 ? Long.MAX_VALUE : rlim[1];
    }

    /** The file-descriptor limit the process has now (soft limit). */
    public static long fileLimit() {
        final Object os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
        }
        return 1024;
    }

    /** File descriptors the process has open now (all kinds: sockets, jars, pipes). */
    public static long openFileCount() {
        final Object os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount();
        }
        return -1;
    }

    /** The kernel's id of the calling thread (the {@code /proc/self/task/TID} number), or -1. */
    public static long currentThreadId() {
        try {
            final Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(link.getFileName().toString());
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }
}
