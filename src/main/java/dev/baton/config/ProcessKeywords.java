package dev.baton.config;

import java.util.Set;

/**
 * Parses the global keywords of {@link ProcessOptions}: {@code quiet}, {@code zero-warning}, {@code [no]
 * strict-limits}, {@code fd-hard-limit N}, {@code thread-groups N} (HAProxy 2.6 allows only 1, so the line changes
 * nothing), {@code grace TIME}, {@code server-state-file FILE} and {@code server-state-base DIR} (a second one is
 * ignored with HAProxy's "already specified" warning), {@code tune.listener.multi-queue on|off}, {@code external-check}
 * (backends may run {@code option external-check}) and {@code insecure-fork-wanted} (baton may start programs: the
 * external checks; without it they fail as HAProxy's do) and {@code mworker-max-reloads N}. One instance per load;
 * config-reading thread.
 */
final class ProcessKeywords {
    static final Set<String> KEYWORDS =
        Set.of("quiet", "zero-warning", "strict-limits", "fd-hard-limit", "thread-groups", "grace", "server-state-file",
            "server-state-base", "tune.listener.multi-queue", "external-check", "insecure-fork-wanted",
            "mworker-max-reloads");
    /** The global keywords HAProxy 2.6 accepts after {@code no}; baton implements the first. */
    static final String NEGATABLE = "strict-limits";

    private boolean quiet;
    private boolean zeroWarning;
    private boolean strictLimits = true;
    private int fdHardLimit;
    private long graceMs;
    private String serverStateFile;
    private String serverStateBase;
    private boolean listenerMultiQueue = true;
    private boolean externalCheck;
    private boolean insecureForkWanted;
    private int maxReloads = -1;

    /** One line whose keyword is in {@link #KEYWORDS}; {@code negated} for a {@code no KEYWORD} line. */
    void parse(final Directive d, final boolean negated) {
        final String kw = negated ? d.word(1) : d.keyword();
        final int first = negated ? 2 : 1;
        if (negated && !kw.equals(NEGATABLE)) {
            throw new LineError(Messages.noNegation(kw));
        }
        switch (kw) {
            case "quiet":
                d.noMoreThan(first, kw);
                quiet = true;
                break;
            case "zero-warning":
                d.noMoreThan(first, kw);
                zeroWarning = true;
                break;
            case "external-check":
                d.noMoreThan(first, kw);
                externalCheck = true;
                break;
            case "mworker-max-reloads":
                d.noMoreThan(first + 1, kw);
                if (!d.has(first)) {
                    throw new LineError("'" + kw + "' expects an integer argument.");
                }
                maxReloads = d.intArg(first, kw, 0, Integer.MAX_VALUE);
                break;
            case "insecure-fork-wanted":
                d.noMoreThan(first, kw);
                insecureForkWanted = true;
                break;
            case "strict-limits":
                d.noMoreThan(first, kw);
                strictLimits = !negated;
                break;
            case "fd-hard-limit":
                if (fdHardLimit != 0) {
                    throw new LineError("'fd-hard-limit' already specified");
                }
                fdHardLimit = d.intArg(first, kw, 1, Integer.MAX_VALUE);
                d.noMoreThan(first + 1, kw);
                break;
            case "thread-groups": {
                final String value = d.require(first, kw, "1 (HAProxy 2.6 has one thread group)");
                d.noMoreThan(first + 1, kw);
                if (!value.equals("1")) {
                    throw new LineError("'thread-groups' value must be between 1 and 1 (was " + Messages.escapeControls(value)
                        + "): HAProxy 2.6 and baton run every thread in one group; size them with 'nbthread'");
                }
                break;
            }
            case "server-state-file":
            case "server-state-base": {
                final boolean file = kw.equals("server-state-file");
                final String value = d.require(first, kw, file ? "a file path" : "a directory path");
                d.noMoreThan(first + 1, kw);
                if ((file ? serverStateFile : serverStateBase) != null) {
                    d.warning("'" + kw + "' already specified. Continuing.");
                } else if (file) {
                    serverStateFile = value;
                } else {
                    serverStateBase = value;
                }
                break;
            }
            case "tune.listener.multi-queue": {
                final String value = d.require(first, kw, "'on' or 'off'");
                d.noMoreThan(first + 1, kw);
                if (!value.equals("on") && !value.equals("off")) {
                    throw new LineError("'" + kw + "' expects either 'on' or 'off' but got '" + Messages.escapeControls(value)
                        + "'.");
                }
                listenerMultiQueue = value.equals("on");
                break;
            }
            default:
                graceMs = d.timeArg(first, kw);
                d.noMoreThan(first + 1, kw);
                break;
        }
    }

    ProcessOptions finish() {
        return new ProcessOptions(quiet, zeroWarning, strictLimits, fdHardLimit, graceMs, serverStateFile,
            serverStateBase, listenerMultiQueue, externalCheck, insecureForkWanted, maxReloads);
    }
}
