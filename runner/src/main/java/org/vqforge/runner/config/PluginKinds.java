package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.runner.discovery.Plugins;

/**
 * Checks that a slot's plugin can fill it: an architecture must serve the slot's network role, a
 * loss must be of the slot's kind. Done while resolving, so a discriminator named in an encoder
 * slot is a config problem at {@code <slot>.type}, not a failure while building.
 */
final class PluginKinds {

    private PluginKinds() {}

    /** Checks the slot's role or kind, if it declares one. */
    static void check(Slot slot, SlotResolver.Resolved resolved, Plugins plugins, ProblemList problems) {
        slot.optionalRole().ifPresent(role -> checkRole(slot, resolved, role, plugins, problems));
        slot.optionalKind().ifPresent(kind -> checkKind(slot, resolved, kind, plugins, problems));
    }

    private static void checkRole(Slot slot, SlotResolver.Resolved resolved, NetworkRole role, Plugins plugins,
            ProblemList problems) {
        if (resolved == null || !(resolved.provider() instanceof ArchitectureProvider provider)
                || provider.roles().contains(role)) {
            return;
        }
        List<String> able = new ArrayList<>();
        for (String name : plugins.architectures().names()) {
            try {
                if (plugins.architectures().get(name).roles().contains(role)) {
                    able.add(name);
                }
            } catch (RuntimeException e) {
                // a broken provider is reported by discovery; it simply is not offered here
            }
        }
        problems.add(slot.key() + ".type", "architecture '" + resolved.config().type() + "' cannot be "
                + article(role) + " (it serves " + lower(java.util.EnumSet.copyOf(provider.roles()).toString())
                + "); allowed: "
                + (able.isEmpty() ? "no installed architecture can" : String.join(", ", able)));
    }

    private static void checkKind(Slot slot, SlotResolver.Resolved resolved, LossKind kind, Plugins plugins,
            ProblemList problems) {
        if (resolved == null || !(resolved.provider() instanceof LossProvider provider) || provider.kind() == kind) {
            return;
        }
        List<String> able = new ArrayList<>();
        for (String name : plugins.losses().names()) {
            try {
                if (plugins.losses().get(name).kind() == kind) {
                    able.add(name);
                }
            } catch (RuntimeException e) {
                // reported by discovery
            }
        }
        problems.add(slot.key() + ".type", "loss '" + resolved.config().type() + "' is " + lower(provider.kind().name())
                + ", this slot needs " + (kind == LossKind.ADVERSARIAL ? "an " : "a ") + lower(kind.name())
                + " loss; allowed: "
                + (able.isEmpty() ? "none installed" : String.join(", ", able)));
    }

    private static String article(NetworkRole role) {
        String name = lower(role.name());
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
