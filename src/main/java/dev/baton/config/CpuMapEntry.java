package dev.baton.config;

import java.util.BitSet;

/**
 * One thread's CPU set after expanding {@code cpu-map} lines: reactor {@code thread} (1-based, as in
 * HAProxy) may run only on the CPUs set in {@code cpus}.
 */
public record CpuMapEntry(int thread, BitSet cpus, SourceLocation where) {
    public CpuMapEntry {
        cpus = (BitSet) cpus.clone();
    }

    @Override
    public BitSet cpus() {
        return (BitSet) cpus.clone();
    }
}
