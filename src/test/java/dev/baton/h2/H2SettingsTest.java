package dev.baton.h2;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** What a front connection's SETTINGS frame says under the {@code tune.h2.*} settings: only what differs. */
class H2SettingsTest {
    private static H2Settings settings(final int streams, final int table, final int window) {
        return new H2Settings(streams, table, window, 16384, 0, 0, 0, 0);
    }

    @Test
    void onlyWhatDiffersFromTheProtocolsDefaultsIsAnnouncedInHaproxysOrder() {
        assertArrayEquals(new int[] {FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, 16384,
            FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS, 100}, settings(100, 4096, 16384).announced());
        assertArrayEquals(new int[] {FrameWriter.SETTINGS_HEADER_TABLE_SIZE, 65536,
            FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS, 7}, settings(7, 65536, 65535).announced());
        assertArrayEquals(new int[] {}, settings(H2Settings.UNLIMITED_STREAMS, 4096, 65535).announced(),
            "no stream limit: none announced");
    }
}
