package dev.baton.stats.cli;

import dev.baton.support.ExternalTool;

import java.io.IOException;

/**
 * Runs {@code socat} as an operator would ({@code echo CMD | socat stdio UNIX-CONNECT:PATH}). Tests using it
 * are skipped where socat is not installed; CI installs it ({@code .ci/run}).
 */
final class Socat {
    private Socat() {
    }

    /** socat's output for {@code input} sent to {@code address} (a socat address such as {@code UNIX-CONNECT:P}). */
    static String run(final String address, final String input) throws IOException, InterruptedException {
        return ExternalTool.run(input, "apt-get install socat", "socat", "stdio", address).output();
    }
}
