package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line's {@code -S ADDRESS[,OPTION,VALUE]...} (HAProxy's master CLI flag): one more runtime API socket,
 * at level {@code admin} unless a {@code level} option says otherwise, read as the global {@code stats socket} line
 * whose words are the commas' pieces ({@code -S /run/baton/master.sock,mode,600} is
 * {@code stats socket /run/baton/master.sock level admin mode 600}), so the same options and checks apply. It is
 * the process's own socket, not the files': a reload keeps it whatever the files say. Stateless.
 */
public final class MasterSocketOption {
    /** Where its errors and warnings say they come from (no configuration line). */
    static final SourceLocation WHERE = new SourceLocation("-S", 0);

    private MasterSocketOption() {
    }

    /**
     * The socket {@code argument} describes; its warnings are added to {@code warnings}.
     *
     * @throws IllegalArgumentException with the reason, when the argument is not a valid socket
     */
    public static StatsSocketConfig parse(final String argument, final List<String> warnings) {
        final List<String> words = new ArrayList<>(List.of("stats", "socket"));
        final String[] pieces = argument.split(",", -1);
        words.add(pieces[0]);
        words.add("level");
        words.add(AccessLevel.ADMIN.keyword());
        for (int i = 1; i < pieces.length; i++) {
            words.add(pieces[i]);
        }
        final Diagnostics diag = new Diagnostics();
        final StatsSocketConfig socket;
        try {
            socket = StatsLineParser.socket(new Directive(words, WHERE, diag));
        } catch (final LineError e) {
            throw new IllegalArgumentException("-S " + argument + ": " + e.getMessage(), e);
        }
        for (final ConfigError w : diag.warnings()) {
            warnings.add("-S " + argument + ": " + w.message());
        }
        return socket;
    }
}
