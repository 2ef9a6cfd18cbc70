package dev.baton.sample.match;

import dev.baton.sample.SampleException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pattern references of one configuration load ({@link PatternRef}), numbered in the order they are met as
 * HAProxy numbers them, found by {@code #ID} or file name for the runtime API. The configuration parser binds the
 * load's instance to its thread ({@link #bind}) and says where it is ({@link #at}); ACL tests and map converters
 * find it with {@link #loading()}. After the load: read and changed by the runtime API (reactor 0); the list itself
 * no longer changes.
 */
public final class PatternRefs {
    private static final ThreadLocal<PatternRefs> LOADING = new ThreadLocal<>();

    private final List<PatternRef> all = new ArrayList<>();
    private final Map<String, PatternRef> byFile = new LinkedHashMap<>();
    private String where = "file '' line 0";
    /** The directory relative pattern and map file names are read from ({@code default-path}); null: the starting one. */
    private Path base;

    /** The references of the load running on this thread, or a throwaway set outside a load (tests, predefined). */
    public static PatternRefs loading() {
        final PatternRefs bound = LOADING.get();
        return bound != null ? bound : new PatternRefs();
    }

    /** Runs {@code work} with {@code refs} as this thread's {@link #loading()} set. */
    public static <T> T bind(final PatternRefs refs, final Supplier<T> work) {
        final PatternRefs before = LOADING.get();
        LOADING.set(refs);
        try {
            return work.get();
        } finally {
            if (before == null) {
                LOADING.remove();
            } else {
                LOADING.set(before);
            }
        }
    }

    /**
     * The configuration line being read (for the descriptions {@code show map|acl} print), and the directory its relative file names are read from ({@code
     * default-path}; null: the starting directory). A file keeps the name it was given, which the runtime API uses.
     */
    public void at(final String file, final int line, final Path fileBase) {
        where = "file '" + file + "' line " + line;
        base = fileBase;
    }

    /** Where the line being read is: {@code file 'F' line N}. */
    public String where() {
        return where;
    }

    /**
     * The reference of {@code file}, read now if it is the first use: an ACL's pattern file ({@code twoColumns}
     * false: each line a pattern) or a map ({@code true}: the first word the key, the rest of the line the value).
     * A file may not be used both ways, as in HAProxy.
     */
    public PatternRef file(final String file, final boolean twoColumns) {
        final PatternRef known = byFile.get(file);
        if (known != null) {
            if (known.twoColumns() != twoColumns) {
                throw new SampleException("The file \"" + file + "\" is already used as "
                    + (known.twoColumns() ? "two" : "one") + " column file and cannot be used by as "
                    + (twoColumns ? "two" : "one") + " column file.");
            }
            return known;
        }
        final PatternRef ref = new PatternRef(all.size(), file, "", twoColumns);
        read(base, file, twoColumns, ref);
        all.add(ref);
        byFile.put(file, ref);
        return ref;
    }

    /** The reference of {@code file} the configuration loaded, or null. Any thread once the load is over. */
    public PatternRef named(final String file) {
        return byFile.get(file);
    }

    /** A new reference for the inline patterns of the ACL test of {@code criterion} on the line being read. */
    public PatternRef inline(final String criterion, final List<String> patterns) {
        final PatternRef ref = new PatternRef(all.size(), "", "acl '" + criterion + "' " + where, false);
        for (final String p : patterns) {
            ref.load(p, null);
        }
        all.add(ref);
        return ref;
    }

    /** The reference named {@code #ID} or by its file, among those used as {@code kind}; null when none. */
    public PatternRef find(final String name, final String kind) {
        final PatternRef ref = find(name);
        return ref != null && ref.usedAs(kind) ? ref : null;
    }

    /** The reference named {@code #ID} or by its file, however it is used; null when none. */
    public PatternRef find(final String name) {
        PatternRef ref = null;
        if (name.startsWith("#")) {
            try {
                final int id = Integer.parseInt(name.substring(1));
                ref = id >= 0 && id < all.size() ? all.get(id) : null;
            } catch (final NumberFormatException e) {
                return null;
            }
        } else {
            ref = byFile.get(name);
        }
        return ref;
    }

    /** Every reference used as {@code kind}, by id. */
    public List<PatternRef> usedAs(final String kind) {
        final List<PatternRef> out = new ArrayList<>();
        for (final PatternRef r : all) {
            if (r.usedAs(kind)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Reads a pattern file as HAProxy does: leading blanks skipped, trailing ones dropped, empty lines and {@code #}
     * comments ignored; for a map the key ends at the first blank and the value is the rest, stripped.
     */
    private static void read(final Path base, final String file, final boolean twoColumns, final PatternRef ref) {
        final List<String> lines;
        try {
            final Path path = base == null || file.startsWith("/") ? Path.of(file) : base.resolve(file);
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (final IOException | RuntimeException e) {
            throw new SampleException(twoColumns ? "failed to load map file '" + file + "'"
                : "failed to open pattern file <" + file + ">", e);
        }
        for (final String raw : lines) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!twoColumns) {
                ref.load(line, null);
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                end++;
            }
            ref.load(line.substring(0, end), line.substring(end).strip());
        }
    }
}
