package dev.baton.health;

import java.io.File;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one thread that starts external checks' programs ({@code baton-extcheck}): starting a process blocks for a
 * while (spawn, exec), which no reactor may do. A daemon thread made on the first external check; the programs'
 * exits are watched by the JDK's own reaper. Any thread may {@link #submit}.
 */
final class ExternalCheckLauncher {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "baton-extcheck");
        t.setDaemon(true);
        return t;
    });

    private ExternalCheckLauncher() {
    }

    static void submit(final Runnable start) {
        THREAD.execute(start);
    }

    /**
     * {@code command} as {@code execvp} finds it with {@code path} (the program's own PATH, not baton's): a name with
     * a slash as it is; else the first executable file of that name in the PATH's directories, an empty entry meaning
     * the current directory; null when there is none (the run then fails as HAProxy's exec does).
     */
    static String resolve(final String command, final String path) {
        if (command.indexOf('/') >= 0) {
            return command;
        }
        for (final String dir : path.split(":", -1)) {
            final File f = new File(dir.isEmpty() ? "." : dir, command);
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
