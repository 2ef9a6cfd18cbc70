package dev.baton.config;

/**
 * A backend's {@code external-check command CMD} and {@code external-check path PATH} (null when not written; HAProxy's
 * default PATH for the program is empty). Used when {@code option external-check} is the backend's check option.
 */
public record ExternalCheck(String command, String path) {
    public static final ExternalCheck NONE = new ExternalCheck(null, null);

    /** The PATH the program runs with: {@code external-check path}, else empty, as HAProxy's. */
    public String pathOrDefault() {
        return path != null ? path : "";
    }
}
