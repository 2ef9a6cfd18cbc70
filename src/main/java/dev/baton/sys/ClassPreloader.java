package dev.baton.sys;

import org.tinylog.Logger;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads every baton class at start-up, before any traffic. A JVM loads a class on first use, and loading one
 * from a directory of class files opens a file: under a descriptor shortage (the very moment rare paths such
 * as a resource failure's 503 run for the first time) that open fails, the class cannot be defined, and the
 * reactor that needed it dies. Loading them all up front (without initializing them) takes a few tens of
 * milliseconds and a few hundred KiB of metaspace, and removes that failure. From a jar, which the class
 * loader keeps open, it costs the same and changes nothing. Main thread, before the reactors start.
 */
public final class ClassPreloader {
    private static final String PACKAGE_PATH = "dev/baton/";
    private static volatile boolean done;

    private ClassPreloader() {
    }

    /** Loads the classes of {@code dev.baton} from where {@code anchor} was loaded; once per process. */
    public static void loadAll(final Class<?> anchor) {
        if (done) {
            return;
        }
        final CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null) {
            return;
        }
        final ClassLoader loader = anchor.getClassLoader();
        int loaded = 0;
        try {
            final Path root = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root.resolve(PACKAGE_PATH))) {
                    for (final Path f : (Iterable<Path>) files::iterator) {
                        loaded += load(loader, root.relativize(f).toString().replace('\\', '/'));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (final Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        loaded += load(loader, e.nextElement().getName());
                    }
                }
            }
        } catch (final IOException | URISyntaxException | RuntimeException e) {
            Logger.warn("could not preload baton's classes ({}): they load on first use", e.toString());
            return;
        }
        done = true;
        Logger.debug("preloaded {} classes", loaded);
    }

    private static int load(final ClassLoader loader, final String entry) {
        if (!entry.startsWith(PACKAGE_PATH) || !entry.endsWith(".class") || entry.endsWith("module-info.class")) {
            return 0;
        }
        final String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        try {
            Class.forName(name, false, loader);
            return 1;
        } catch (final ClassNotFoundException | LinkageError e) {
            return 0; // an optional class whose dependency is absent: it would fail on use anyway
        }
    }
}
