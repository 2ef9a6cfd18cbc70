package dev.baton.sample.vars;

/**
 * A variable name resolved at load: its scope and its slot in that scope's storage ({@link VarNames}). The text is
 * the name as written, for messages. Immutable; shared by reactors.
 */
public record VarName(VarScope scope, int slot, String text) {
    @Override
    public String toString() {
        return text;
    }
}
