package dev.baton.stats.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a runtime API line as HAProxy does: commands are separated by {@code ;}, words by spaces or tabs,
 * and a backslash makes the next character literal (so {@code \;}, {@code \ } and {@code \\} reach the
 * command as {@code ;}, a space and a backslash). Empty commands are dropped. Pure function.
 */
public final class CliParser {
    private CliParser() {
    }

    /** The commands of {@code line}, each as its words. */
    public static List<List<String>> parse(final String line) {
        final List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t' || c == ';') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c == ';') {
                    if (!words.isEmpty()) {
                        commands.add(words);
                    }
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
