package org.vqforge.api.backend;

/**
 * Whether a backend can run here, and why not.
 *
 * @param available true when {@link BackendProvider#create} will succeed
 * @param detail what was found (e.g. "2 CPU cores" or "no CUDA device visible to PyTorch")
 */
public record Availability(boolean available, String detail) {

    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
