package dev.baton;

import java.util.List;

/** The daemon could not start: a bind failed, a server name did not resolve. Each line is one cause. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public StartupException(final List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
