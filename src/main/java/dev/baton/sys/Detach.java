package dev.baton.sys;

import com.sun.jna.LastErrorException;

/**
 * What a process started in the background does to leave its launcher: a session of its own (no controlling
 * terminal, so a terminal's hang-up or Ctrl-C never reaches it), then, once running, standard input, output and
 * error on {@code /dev/null}, as HAProxy's daemon mode closes them. Main thread, at start-up.
 */
public final class Detach {
    private static final int O_RDWR = 2;

    private Detach() {
    }

    /** setsid(2); fails only for a process group leader, which a process started by Java never is. */
    public static void newSession() {
        try {
            Os.libc().setsid();
        } catch (final LastErrorException e) {
            throw new IllegalStateException("setsid failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Points descriptors 0, 1 and 2 at {@code /dev/null}: the launcher reading them sees their end. */
    public static void closeStandardStreams() {
        try {
            final int devNull = Os.libc().open("/dev/null", O_RDWR);
            for (int fd = 0; fd <= 2; fd++) {
                Os.libc().dup2(devNull, fd);
            }
            Os.libc().close(devNull);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("cannot redirect the standard streams to /dev/null: errno "
                + e.getErrorCode(), e);
        }
    }
}
