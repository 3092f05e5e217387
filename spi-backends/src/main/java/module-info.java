/** Compute backends over DJL's PyTorch engine: {@code cpu}, {@code gpu} and {@code auto}. */
module org.vqforge.backends {
    requires org.vqforge.api;
    requires ai.djl.pytorch_engine;
    // the CPU backend's fused nearest-code search
    requires jdk.incubator.vector;

    provides org.vqforge.api.backend.BackendProvider with
            org.vqforge.backends.pytorch.CpuBackendProvider,
            org.vqforge.backends.pytorch.GpuBackendProvider,
            org.vqforge.backends.pytorch.AutoBackendProvider;
}
