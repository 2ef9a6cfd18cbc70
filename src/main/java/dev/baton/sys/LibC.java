package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The few libc calls baton needs that Java 17 does not offer: CPU affinity, file-descriptor limits, and
 * the process identity ({@code user}/{@code group}). glibc's set*id wrappers change every thread of the
 * process (nptl signals each thread to make the same system call), which is what a JVM needs.
 */
interface LibC extends Library {
    /** sched_setaffinity(2); pid 0 is the calling thread. */
    int sched_setaffinity(int pid, int cpusetsize, long[] mask) throws LastErrorException;

    /** getrlimit(2) with {@code rlim} as {cur, max}. */
    int getrlimit(int resource, long[] rlim) throws LastErrorException;

    /** setrlimit(2) with {@code rlim} as {cur, max}. */
    int setrlimit(int resource, long[] rlim) throws LastErrorException;

    /** getpwnam(3): a {@code struct passwd} in libc's static storage, or null when there is no such user. */
    Pointer getpwnam(String name);

    /** getgrnam(3): a {@code struct group} in libc's static storage, or null when there is no such group. */
    Pointer getgrnam(String name);

    /** getgroups(2); with size 0, the number of supplementary groups. */
    int getgroups(int size, int[] list) throws LastErrorException;

    /** setgroups(2); size 0 and null drop every supplementary group. */
    int setgroups(long size, int[] list) throws LastErrorException;

    /** setgid(2) through glibc: every thread of the process. */
    int setgid(int gid) throws LastErrorException;

    /** setuid(2) through glibc: every thread of the process. */
    int setuid(int uid) throws LastErrorException;

    /** getuid(2). */
    int getuid();

    /** getgid(2). */
    int getgid();

    /** chroot(2). */
    int chroot(String path) throws LastErrorException;

    /** chdir(2). */
    int chdir(String path) throws LastErrorException;

    /** setsid(2): a new session and process group, without a controlling terminal. */
    int setsid() throws LastErrorException;

    /** open(2). */
    int open(String path, int flags) throws LastErrorException;

    /** dup2(2). */
    int dup2(int oldfd, int newfd) throws LastErrorException;

    /** close(2). */
    int close(int fd) throws LastErrorException;
}
