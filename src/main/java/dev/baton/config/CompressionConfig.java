package dev.baton.config;

import java.util.List;

/**
 * A proxy's {@code compression} lines (HAProxy 2.6's {@code struct comp}), present once any such line was written in
 * the section or in its {@code defaults}.
 *
 * @param algos    the {@code compression algo} list in HAProxy's lookup order: the last one written comes first (HAProxy
 *                 prepends each), which decides between algorithms matching the same token ({@code deflate},
 *                 {@code raw-deflate}) and what {@code *} picks; empty when none was written
 * @param types    the {@code compression type} prefixes (compared case-insensitively with the start of the
 *                 Content-Type); empty: any type
 * @param offload  {@code compression offload}: Accept-Encoding is removed from a request compression was chosen for
 *                 (never inherited from {@code defaults}, where HAProxy ignores it)
 * @param tuning   the global {@code tune.comp.maxlevel} and {@code maxcomprate} in force for this proxy
 */
public record CompressionConfig(List<CompressionAlgo> algos, List<String> types, boolean offload,
                                CompressionTuning tuning) {
    public CompressionConfig {
        algos = List.copyOf(algos);
        types = List.copyOf(types);
    }
}
