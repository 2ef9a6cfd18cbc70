package dev.baton.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's conditional blocks ({@code .if}, {@code .elif}, {@code .else}, {@code .endif}) and its message
 * directives ({@code .diag}, {@code .notice}, {@code .warning}, {@code .alert}), applied to one file's lines as they
 * are read (HAProxy keeps the levels per file too). A line inside a block whose condition did not hold is
 * dropped before any keyword is looked at. Conditions: {@link ConditionExpression}. Config-reading thread.
 */
final class ConditionalBlocks {
    /** HAProxy's limit of nested levels. */
    static final int MAX_LEVELS = 10;

    /** Where a level stands: its branch is being taken, was taken before, or none was taken yet. */
    private enum Level { TAKING, DONE, WAITING, SKIPPED_PARENT }

    private final Map<String, String> env;
    private final Diagnostics diag;
    private final Deque<Level> levels = new ArrayDeque<>();
    private final Deque<SourceLocation> opened = new ArrayDeque<>();
    private final Deque<Boolean> sawElse = new ArrayDeque<>();

    ConditionalBlocks(final Map<String, String> env, final Diagnostics diag) {
        this.env = env;
        this.diag = diag;
    }

    /**
     * Reads one tokenised line: true when it is consumed here (a directive, or a line of a dropped block), false
     * when the configuration parser must read it. A bad directive throws {@link LineError}.
     */
    boolean consume(final List<String> words, final SourceLocation where) {
        final String kw = words.get(0);
        switch (kw) {
            case ".if":
                openLevel(words, where);
                return true;
            case ".elif":
                elif(words);
                return true;
            case ".else":
                otherwise(words);
                return true;
            case ".endif":
                if (levels.isEmpty()) {
                    throw new LineError("'.endif' without a matching '.if'");
                }
                noArgument(words);
                levels.pop();
                opened.pop();
                sawElse.pop();
                return true;
            default:
                break;
        }
        if (!levels.isEmpty() && levels.peek() != Level.TAKING) {
            return true;
        }
        if (kw.startsWith(".")) {
            message(words, where);
            return true;
        }
        return false;
    }

    /** At the end of a file: a block still open is an error at its {@code .if}; the levels start again. */
    void endOfFile() {
        while (!opened.isEmpty()) {
            diag.error(opened.pop(), "'.if' block not closed before the end of the file (missing '.endif')");
        }
        levels.clear();
        sawElse.clear();
    }

    private void openLevel(final List<String> words, final SourceLocation where) {
        if (levels.size() >= MAX_LEVELS) {
            throw new LineError("too many nested '.if' levels (at most " + MAX_LEVELS + ")");
        }
        final boolean parentTaking = levels.isEmpty() || levels.peek() == Level.TAKING;
        Level level = Level.SKIPPED_PARENT;
        if (parentTaking) {
            level = Level.WAITING; // a bad condition drops the block: its lines would only add errors
            try {
                level = ConditionExpression.evaluate(words.subList(1, words.size()), env, ".if") ? Level.TAKING
                    : Level.WAITING;
            } finally {
                levels.push(level);
                opened.push(where);
                sawElse.push(false);
            }
            return;
        }
        levels.push(level);
        opened.push(where);
        sawElse.push(false);
    }

    private void elif(final List<String> words) {
        if (levels.isEmpty()) {
            throw new LineError("'.elif' without a matching '.if'");
        }
        if (sawElse.peek()) {
            throw new LineError("'.elif' after '.else'");
        }
        final Level level = levels.peek();
        if (level == Level.WAITING) {
            levels.pop();
            levels.push(Level.WAITING);
            final boolean holds = ConditionExpression.evaluate(words.subList(1, words.size()), env, ".elif");
            levels.pop();
            levels.push(holds ? Level.TAKING : Level.WAITING);
        } else if (level == Level.TAKING) {
            levels.pop();
            levels.push(Level.DONE);
        }
    }

    private void otherwise(final List<String> words) {
        if (levels.isEmpty()) {
            throw new LineError("'.else' without a matching '.if'");
        }
        if (sawElse.peek()) {
            throw new LineError("a second '.else' in the same '.if' block");
        }
        noArgument(words);
        sawElse.pop();
        sawElse.push(true);
        final Level level = levels.pop();
        levels.push(level == Level.WAITING ? Level.TAKING : level == Level.TAKING ? Level.DONE : level);
    }

    private static void noArgument(final List<String> words) {
        if (words.size() > 1) {
            throw new LineError("'" + words.get(0) + "' cannot handle unexpected argument '" + words.get(1) + "'");
        }
    }

    /** {@code .diag}, {@code .notice}, {@code .warning}, {@code .alert} with their one (quoted) message. */
    private void message(final List<String> words, final SourceLocation where) {
        final String kw = words.get(0);
        if (!kw.equals(".diag") && !kw.equals(".notice") && !kw.equals(".warning") && !kw.equals(".alert")) {
            throw new LineError("unknown directive '" + kw + "'");
        }
        if (words.size() > 2) {
            throw new LineError("'" + kw + "' cannot handle unexpected argument '" + words.get(2)
                + "'; quote a message that contains spaces");
        }
        final String text = words.size() > 1 ? words.get(1) : "";
        switch (kw) {
            case ".alert":
                throw new LineError("'" + text + "'");
            case ".warning":
                diag.warning(where, "'" + text + "'");
                break;
            case ".notice":
                diag.warning(where, "notice: '" + text + "'"); // shown like a warning; no separate notice level
                break;
            default:
                break; // .diag: only in HAProxy's diagnostic mode (-dD), which baton does not have
        }
    }
}
