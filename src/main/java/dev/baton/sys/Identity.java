package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The process's user and group (HAProxy's {@code user}/{@code uid}/{@code group}/{@code gid}): name
 * look-ups through libc (so NSS sources such as LDAP count, as for HAProxy), and the drop itself, done once
 * the listeners and stats sockets are bound and before the reactors start. The calls go through glibc,
 * whose set*id wrappers apply to every thread of the process, the JVM's own threads included. Main
 * thread only.
 */
public final class Identity {
    /** {@code pw_uid} of {@code struct passwd} and {@code gr_gid} of {@code struct group}: after two pointers. */
    private static final long ID_OFFSET = 2L * Native.POINTER_SIZE;

    private Identity() {
    }

    /** The uid of user {@code name} (getpwnam), empty when there is none. */
    public static OptionalInt userId(final String name) {
        final Pointer p = Os.libc().getpwnam(name);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p.getInt(ID_OFFSET));
    }

    /** The gid of group {@code name} (getgrnam), empty when there is none. */
    public static OptionalInt groupId(final String name) {
        final Pointer p = Os.libc().getgrnam(name);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p.getInt(ID_OFFSET));
    }

    /** The real uid of the process. */
    public static int currentUid() {
        return Os.libc().getuid();
    }

    /** The real gid of the process. */
    public static int currentGid() {
        return Os.libc().getgid();
    }

    /**
     * As HAProxy 2.6: with a group ({@code gid} not 0), drops the supplementary groups (a failure only
     * warns, through {@code warnings}) and sets the group; then, with a user ({@code uid} not 0), sets the
     * user. 0 means "not configured". Throws, with HAProxy's wording, when the kernel refuses the group or
     * the user (for instance when baton was not started as root): the caller must not serve then.
     */
    public static void drop(final int uid, final int gid, final Consumer<String> warnings) {
        final LibC libc = Os.libc();
        if (gid != 0) {
            try {
                if (libc.getgroups(0, null) > 0) {
                    libc.setgroups(0, null);
                }
            } catch (final LastErrorException e) {
                warnings.accept("Failed to drop supplementary groups (errno " + e.getErrorCode()
                    + "). Using 'gid'/'group' without 'uid'/'user' is generally useless.");
            }
            try {
                libc.setgid(gid);
            } catch (final LastErrorException e) {
                throw new IllegalStateException("Cannot set gid " + gid + " (errno " + e.getErrorCode() + ")", e);
            }
        }
        if (uid != 0) {
            try {
                libc.setuid(uid);
            } catch (final LastErrorException e) {
                throw new IllegalStateException("Cannot set uid " + uid + " (errno " + e.getErrorCode() + ")", e);
            }
        }
    }

    /** chroot(DIR) then chdir("/"), as HAProxy. */
    public static void chroot(final String dir) {
        try {
            Os.libc().chroot(dir);
            Os.libc().chdir("/");
        } catch (final LastErrorException e) {
            throw new IllegalStateException("Cannot chroot(" + dir + ") (errno " + e.getErrorCode() + ")", e);
        }
    }
}
