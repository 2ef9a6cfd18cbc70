package dev.baton.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Entry point of the configuration package: turns haproxy-style configuration files into a validated
 * {@link BatonConfig}, or a {@link ConfigException} listing every error of the run, sorted by file (in
 * loading order) then line. Blocking file I/O: call at start-up or on a reload thread, never on a reactor.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads FILE or DIR arguments in order; a directory contributes its {@code *.cfg} files in name order.
     * {@code env} is used for {@code ${VAR}}. Returns a validated config (warnings inside
     * {@link BatonConfig#warnings()}), or throws with every error. A missing or unreadable file is an error
     * at {@code FILE:0}, reported with the others.
     */
    public static BatonConfig load(final List<Path> paths, final Map<String, String> env) throws ConfigException {
        return load(paths, env, null);
    }

    /** As {@link #load(List, Map)}, the local peer named {@code localPeer} ({@code -L}; null: the host name). */
    public static BatonConfig load(final List<Path> paths, final Map<String, String> env, final String localPeer)
        throws ConfigException {
        final Diagnostics diag = new Diagnostics();
        final ConfigParser parser = new ConfigParser(Objects.requireNonNull(env, "env"), diag, localPeer);
        for (final Path path : paths) {
            for (final Path file : expand(path, diag)) {
                final String name = file.toString();
                diag.registerFile(name);
                try {
                    final byte[] bytes = Files.readAllBytes(file);
                    parser.parseFile(name, SourceText.decode(bytes));
                    SourceText.checkLastLine(name, bytes, diag);
                } catch (final IOException e) {
                    diag.error(new SourceLocation(name, 0), "cannot read file: " + reason(e));
                }
            }
        }
        return finish(parser, diag);
    }

    /** Same as {@link #load}, from in-memory text; {@code fileName} is used in messages. */
    public static BatonConfig parse(final String fileName, final String text, final Map<String, String> env)
        throws ConfigException {
        return parse(fileName, text, env, null);
    }

    /** As {@link #parse(String, String, Map)}, the local peer named {@code localPeer} (null: the host name). */
    public static BatonConfig parse(final String fileName, final String text, final Map<String, String> env,
                                    final String localPeer) throws ConfigException {
        final Diagnostics diag = new Diagnostics();
        final ConfigParser parser = new ConfigParser(Objects.requireNonNull(env, "env"), diag, localPeer);
        parser.parseFile(fileName, text);
        return finish(parser, diag);
    }

    private static BatonConfig finish(final ConfigParser parser, final Diagnostics diag) throws ConfigException {
        final BatonConfig config = parser.finish();
        if (diag.hasErrors()) {
            throw new ConfigException(diag.errors());
        }
        return config;
    }

    /** The files a path stands for: itself, or a directory's {@code *.cfg} regular files in name order. */
    private static List<Path> expand(final Path path, final Diagnostics diag) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.cfg")) {
            for (final Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (final IOException e) {
            diag.registerFile(path.toString());
            diag.error(new SourceLocation(path.toString(), 0), "cannot read file: " + reason(e));
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /** A short, stable reason: the JDK's messages for these repeat the path already in the location. */
    static String reason(final IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
