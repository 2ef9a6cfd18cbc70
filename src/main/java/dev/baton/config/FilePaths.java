package dev.baton.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the relative file names of a configuration are read from: HAProxy's global {@code default-path}. One
 * instance per load, changed by the parser as it goes (single-threaded).
 *
 * <p>HAProxy changes its working directory while it parses each file and goes back to the starting one at the end
 * of the file: a file read during parsing (an errorfile, a pattern or map file, a certificate, a CA or CRL file, a
 * crt-list, a ticket key file, a DH parameter file, an {@code http-request return} file) is found from the policy's
 * directory; what is opened once the files are parsed (the server-state file, Unix sockets, log sockets) from the
 * starting directory. baton never changes its directory: the parser joins the policy's directory to each relative
 * name of the first kind ({@link #resolve}). A name joined that way is what the runtime API shows for it; pattern
 * and map files keep the name as written (their files are opened with {@link #open}).
 *
 * <p>Policies: {@code current} (the default) the starting directory; {@code config} the directory of the file
 * being read (the starting one when its name has no slash, as HAProxy); {@code parent} that directory's parent;
 * {@code origin DIR} the directory given. The policy is applied at the start of every file and at once where the
 * line is read.
 */
final class FilePaths {
    /** For lines read outside a configuration file (the runtime API, the command line): the starting directory. */
    static final FilePaths STARTING_DIRECTORY = new FilePaths();

    static final String EXPECTED = "current, config, parent or origin DIR";

    private enum Policy { CURRENT, CONFIG, PARENT, ORIGIN }

    private Policy policy = Policy.CURRENT;
    private String origin;
    /** The directory relative names are joined to, absolute; null: the starting directory. */
    private Path base;
    /** Whether a {@code crt-base} / {@code ca-base} line was read so far (it then joins relative names itself). */
    private boolean crtBase;
    private boolean caBase;

    /** Applies the policy in force to the file {@code file} (as named on the command line), starting to read it. */
    void startFile(final String file) {
        base = directory(file);
    }

    /**
     * {@code default-path POLICY [DIR]} read in {@code file}: applies at once. A directory that does not exist is
     * refused, as HAProxy's change of directory fails.
     */
    void parse(final Directive d, final String file) {
        final String mode = d.require(1, "default-path", EXPECTED);
        switch (mode) {
            case "current" -> policy = Policy.CURRENT;
            case "config" -> policy = Policy.CONFIG;
            case "parent" -> policy = Policy.PARENT;
            case "origin" -> {
                policy = Policy.ORIGIN;
                origin = d.require(2, "default-path origin", "a directory");
            }
            default -> throw new LineError("unsupported default-path mode '" + mode + "' for 'default-path', "
                + "supported modes include 'current', 'config', 'parent', and 'origin'");
        }
        d.noMoreThan(policy == Policy.ORIGIN ? 3 : 2, "default-path");
        final Path dir = directory(file);
        if (dir != null && !Files.isDirectory(dir)) {
            throw new LineError("couldn't set 'default-path' to '" + mode + "': no directory '" + dir + "'");
        }
        base = dir;
    }

    private Path directory(final String file) {
        final int slash = file.lastIndexOf('/');
        final String dir = switch (policy) {
            case CURRENT -> null;
            case ORIGIN -> origin;
            case CONFIG -> slash < 0 ? null : file.substring(0, Math.max(slash, 1));
            case PARENT -> slash < 0 ? ".." : file.substring(0, Math.max(slash, 1)) + "/..";
        };
        return dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /** {@code name} as read now: joined to the policy's directory when it is relative and a directory is set. */
    String resolve(final String name) {
        return base == null || name.startsWith("/") || name.isEmpty() ? name : base.resolve(name).toString();
    }

    /** A certificate name: joined as {@link #resolve} does unless a {@code crt-base} was read, which joins it. */
    String resolveCertificate(final String name) {
        return crtBase ? name : resolve(name);
    }

    /** A CA or CRL file name: joined as {@link #resolve} does unless a {@code ca-base} was read, which joins it. */
    String resolveCa(final String name) {
        return caBase ? name : resolve(name);
    }

    /** A {@code crt-base} line was read: certificate names are joined to it from now on. */
    void crtBaseRead() {
        crtBase = true;
    }

    /** A {@code ca-base} line was read: CA and CRL file names are joined to it from now on. */
    void caBaseRead() {
        caBase = true;
    }

    /** The directory relative names are read from now, or null for the starting directory. */
    Path base() {
        return base;
    }
}
