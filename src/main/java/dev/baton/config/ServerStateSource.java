package dev.baton.config;

/**
 * {@code load-server-state-from-file global|local|none} and {@code server-state-file-name [NAME|use-backend-name]}
 * of a backend: where its servers' saved states come from when baton starts. {@code fileName} is the local file's
 * name (null: the backend's name, HAProxy's default), meaningful for {@link Mode#LOCAL} only.
 */
public record ServerStateSource(Mode mode, String fileName) {
    /** HAProxy's default: no state is loaded. */
    public static final ServerStateSource NONE = new ServerStateSource(Mode.NONE, null);

    /** Which file: none, the global {@code server-state-file}, or one of the backend's own. */
    public enum Mode {
        NONE, GLOBAL, LOCAL
    }

    /** The local file's name for backend {@code backend}. */
    public String localName(final String backend) {
        return fileName != null ? fileName : backend;
    }
}
