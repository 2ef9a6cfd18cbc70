package dev.baton.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared helpers: parse configuration text named {@code t.cfg} and render diagnostics as strings. */
final class ConfigTexts {
    static final String FILE = "t.cfg";

    private ConfigTexts() {
    }

    static String lines(final String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** {@code head} then {@code lines}, as one configuration. */
    static String[] concat(final List<String> head, final String... lines) {
        final List<String> all = new ArrayList<>(head);
        all.addAll(List.of(lines));
        return all.toArray(new String[0]);
    }

    /** {@code lines} in one global section. */
    static String[] inGlobal(final String... lines) {
        return concat(List.of("global"), lines);
    }

    /** The global settings of {@code lines} written in one global section. */
    static GlobalConfig parseGlobal(final String... lines) throws ConfigException {
        return parse(inGlobal(lines)).global();
    }

    static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigLoader.parse(FILE, lines(lines), Map.of());
    }

    /** The errors of a configuration that must fail, as {@code FILE:LINE: message}. */
    static List<String> errors(final String... lines) {
        final ConfigException e = assertThrows(ConfigException.class, () -> parse(lines));
        return render(e.errors());
    }

    /** The warnings of a configuration that must load. */
    static List<String> warnings(final String... lines) throws ConfigException {
        return render(parse(lines).warnings());
    }

    /** Writes {@code content} (ISO-8859-1) to file {@code name} of {@code dir}; returns its path. */
    static String write(final Path dir, final String name, final String content) throws IOException {
        final Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        return file.toString();
    }

    static List<String> render(final List<ConfigError> list) {
        final List<String> out = new ArrayList<>();
        for (final ConfigError e : list) {
            out.add(e.toString());
        }
        return out;
    }
}
