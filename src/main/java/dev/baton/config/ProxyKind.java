package dev.baton.config;

/** Which section declared a proxy. A {@code listen} section is a frontend and a backend in one. */
public enum ProxyKind {
    FRONTEND, BACKEND, LISTEN;

    public boolean isFrontend() {
        return this != BACKEND;
    }

    public boolean isBackend() {
        return this != FRONTEND;
    }

    /** The section keyword, as written in the file. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
