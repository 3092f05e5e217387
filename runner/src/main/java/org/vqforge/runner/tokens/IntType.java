package org.vqforge.runner.tokens;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the integers of a token file are stored, named as numpy names its dtypes (so that
 * {@code numpy.dtype(name)} reads them): unsigned bytes, little-endian unsigned 16-bit or signed
 * 32-bit integers.
 */
public enum IntType {
    U1("|u1", 1, 1 << 8),
    U2("<u2", 2, 1 << 16),
    I4("<i4", 4, Integer.MAX_VALUE);

    private final String numpyName;
    private final int bytes;
    private final long values;

    IntType(String numpyName, int bytes, long values) {
        this.numpyName = numpyName;
        this.bytes = bytes;
        this.values = values;
    }

    /** The numpy dtype string, e.g. {@code <u2}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per integer. */
    public int bytes() {
        return bytes;
    }

    /** Whether every integer in [0, {@code count}) fits. */
    public boolean holds(long count) {
        return count <= values;
    }

    /** The narrowest type that holds [0, {@code count}): the file stays small for small codebooks. */
    public static IntType smallestFor(long count) {
        return Arrays.stream(values()).filter(t -> t.holds(count)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(count + " values do not fit in 32 bits"));
    }

    /** The type of a numpy dtype name, if it is one of these. */
    public static Optional<IntType> ofNumpyName(String name) {
        return Arrays.stream(values()).filter(t -> t.numpyName.equals(name)).findFirst();
    }

    /** The names, for error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(IntType::numpyName).toList());
    }
}
