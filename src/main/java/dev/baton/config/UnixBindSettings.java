package dev.baton.config;

/**
 * HAProxy's global {@code unix-bind prefix P mode M user U uid N group G gid N}: the defaults of every Unix
 * listening socket of the {@code bind} lines. {@code prefix} (null: none) is put before each {@code unix@} or
 * {@code /PATH} bind path (not before abstract names); {@code mode} 0 leaves the umask's bits; {@code uid}
 * and {@code gid} -1 leave the owner. A bind line's own {@code mode}/{@code user}/{@code group} win.
 */
public record UnixBindSettings(String prefix, int mode, int uid, int gid) {
    public static final UnixBindSettings NONE = new UnixBindSettings(null, 0, -1, -1);

    /** The path a bind path names once the prefix is applied. */
    public String path(final String written) {
        return prefix == null ? written : prefix + written;
    }

    /** The bind's mode, else this default. */
    public int mode(final BindOptions bind) {
        return bind.mode() != 0 ? bind.mode() : mode;
    }

    public int uid(final BindOptions bind) {
        return bind.uid() != -1 ? bind.uid() : uid;
    }

    public int gid(final BindOptions bind) {
        return bind.gid() != -1 ? bind.gid() : gid;
    }
}
