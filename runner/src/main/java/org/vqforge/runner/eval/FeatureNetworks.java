package org.vqforge.runner.eval;

import java.nio.file.Path;
import org.vqforge.runner.config.EvalSpec;

/**
 * Where feature network files are found. The default one, a small Fashion-MNIST classifier made by
 * {@value #CREATE_COMMAND}, lives outside any checkout, in {@code $VQF_HOME/features/} (VQF_HOME
 * defaults to {@code ~/.vqforge}), so every run and every clone on the machine shares it.
 */
public final class FeatureNetworks {

    /** The command that creates the default feature network. */
    public static final String CREATE_COMMAND = "./vqf features train";

    /** File name of the default feature network under {@code $VQF_HOME/features/}. */
    public static final String DEFAULT_FILE = "fashion-mnist.vqff";

    private FeatureNetworks() {}

    /** The default feature network file for this process's environment. */
    public static Path defaultPath() {
        return defaultPath(System.getenv("VQF_HOME"), System.getProperty("user.home"));
    }

    /** The default file for a given {@code VQF_HOME} (null or blank: unset) and home directory. */
    static Path defaultPath(String vqfHome, String userHome) {
        Path home = vqfHome == null || vqfHome.isBlank() ? Path.of(userHome, ".vqforge") : Path.of(vqfHome);
        return home.resolve("features").resolve(DEFAULT_FILE);
    }

    /** The file {@code eval} names, or the default when it names none. */
    public static Path of(EvalSpec eval) {
        return eval.namesFeatureNetwork() ? Path.of(eval.featureNetwork()) : defaultPath();
    }
}
