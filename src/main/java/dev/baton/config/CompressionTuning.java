package dev.baton.config;

/**
 * The global compression settings: {@code tune.comp.maxlevel} (1 to 9, default 1: the level every compressing
 * response starts and stays at) and {@code maxcomprate} (kilobytes per second of input the whole process may feed
 * its compressors before new responses go out uncompressed; 0: no limit). {@code maxcompcpuusage} is taken at 100
 * only (no limit): baton does not measure its reactors' idle time.
 */
public record CompressionTuning(int maxLevel, long maxRateBytesPerSecond) {
    /** HAProxy's defaults: level 1, no rate limit. */
    public static final CompressionTuning DEFAULT = new CompressionTuning(1, 0);
}
