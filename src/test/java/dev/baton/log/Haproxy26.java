package dev.baton.log;

import dev.baton.support.ExternalTool;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HAProxy 2.6 the side-by-side tests of this package run next to the daemon. */
final class Haproxy26 {
    private Haproxy26() {
    }

    /** Skips the test when haproxy is not installed, except under CI, where it must be. */
    static void assumeInstalled() {
        final boolean installed = ExternalTool.available("haproxy");
        if (System.getenv("CI") != null) {
            assertTrue(installed, "haproxy (Debian package haproxy, 2.6) must be installed under CI");
        }
        assumeTrue(installed, "haproxy is not installed (apt-get install haproxy); CI installs it");
    }
}
