package dev.baton.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pattern files of {@code acl ... -f FILE}, read at load as HAProxy reads them: one pattern a line, leading spaces
 * and tabs skipped, the line's end (and its trailing spaces) dropped, empty lines and lines starting with {@code #}
 * ignored; with {@code map}, only the first word of each line (a map's key). The path is taken as written (relative
 * to the working directory, as in HAProxy). Configuration-reading thread.
 */
final class PatternFiles {
    private PatternFiles() {
    }

    static List<String> read(final String file, final boolean map) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (final IOException | RuntimeException e) {
            throw new LineError("failed to open pattern file <" + Messages.echo(file) + ">");
        }
        final List<String> out = new ArrayList<>();
        for (final String raw : lines) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (map) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                out.add(line.substring(0, end));
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
