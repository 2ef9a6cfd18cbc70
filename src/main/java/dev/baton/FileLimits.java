package dev.baton;

import dev.baton.config.GlobalConfig;
import dev.baton.config.ProcessOptions;
import dev.baton.sys.Os;
import org.tinylog.Logger;

/**
 * The file-descriptor limit at start-up, as HAProxy 2.6 sets it: {@code ulimit-n N} raises (or lowers) the limit
 * to N; {@code fd-hard-limit M} caps what baton uses, whatever the system allows; under {@code strict-limits} (the
 * default) a limit that cannot be applied stops the start-up ("Cannot raise FD limit to N, limit is L"), under
 * {@code no strict-limits} it is a warning and baton runs within the limit it has. The maxconn check that follows
 * ({@code Daemon}) reads the limit left here. Main thread, before any reactor starts.
 */
final class FileLimits {
    private FileLimits() {
    }

    /** Applies the global section's limits; a refusal under strict-limits throws with HAProxy's message. */
    static void apply(final GlobalConfig global) throws StartupException {
        final ProcessOptions process = global.process();
        final long target = global.ulimitN() > 0 ? global.ulimitN()
            : process.fdHardLimit() > 0 && Os.fileLimit() > process.fdHardLimit() ? process.fdHardLimit() : 0;
        if (target == 0) {
            return;
        }
        String failure = null;
        if (process.fdHardLimit() > 0 && target > process.fdHardLimit()) {
            failure = "above fd-hard-limit " + process.fdHardLimit();
        } else {
            try {
                Os.setFileLimit(target);
            } catch (final IllegalStateException | UnsatisfiedLinkError e) {
                failure = e.getMessage();
            }
        }
        if (failure == null) {
            return;
        }
        final String message = "Cannot raise FD limit to " + target + ", limit is "
            + process.boundedFileLimit(Os.fileLimit()) + " (" + failure + ")";
        if (process.strictLimits()) {
            throw new StartupException(java.util.List.of(message
                + "; raise the limit (systemd: LimitNOFILE=) or set 'no strict-limits' to start within it"));
        }
        // as HAProxy: the most the system allows, within fd-hard-limit
        try {
            Os.setFileLimit(process.boundedFileLimit(Os.hardFileLimit()));
        } catch (final IllegalStateException | UnsatisfiedLinkError e) {
            // keep the limit the process has
        }
        Logger.warn(message);
    }
}
