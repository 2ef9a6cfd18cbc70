package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;

/** The few libc calls baton needs that Java 17 does not offer: CPU affinity and file-descriptor limits. */
interface LibC extends Library {
    /** sched_setaffinity(2); pid 0 is the calling thread. */
    int sched_setaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;

    /** getrlimit(2) with {@code rlim} as {cur, max}. */
    int getrlimit(int resource, long[] rlim) throws LastErrorException;

    /** setrlimit(2) with {@code rlim} as {cur, max}. */
    int setrlimit(int resource, long[] rlim) throws LastErrorException;
}
