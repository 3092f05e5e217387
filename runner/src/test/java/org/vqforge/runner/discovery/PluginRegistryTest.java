package org.vqforge.runner.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.runner.discovery.fixtures.AlphaQuantizerProvider;
import org.vqforge.runner.discovery.fixtures.CountingQuantizerProvider;
import org.vqforge.runner.discovery.fixtures.ThrowingQuantizerProvider;

class PluginRegistryTest {

    private static final String TEST_CLASSES = PluginRegistry.sourceOf(PluginRegistryTest.class);

    @BeforeEach
    void resetCounter() {
        CountingQuantizerProvider.CONSTRUCTED.set(0);
    }

    private static PluginRegistry<QuantizerProvider> basic() {
        return PluginRegistry.load(QuantizerProvider.class,
                ServiceLoader.load(QuantizerProvider.class, new ServiceFilesLoader("discovery/basic")));
    }

    @Test
    void findsAnnotatedProvidersSortedByNameWithDescriptionAndSource() {
        PluginRegistry<QuantizerProvider> registry = basic();

        assertEquals("quantizer", registry.point());
        assertEquals(List.of("alpha", "boom", "Counting"), registry.names());
        PluginEntry alpha = registry.entries().get(0);
        assertEquals(new PluginEntry("alpha", "first fixture quantizer", AlphaQuantizerProvider.class, TEST_CLASSES), alpha);
        assertTrue(Path.of(alpha.source()).isAbsolute(), alpha.source());
    }

    @Test
    void listingAndLookingUpEntriesInstantiatesNothing() {
        PluginRegistry<QuantizerProvider> registry = basic();
        registry.entries();
        Optional<PluginEntry> counting = registry.entry("counting");

        assertTrue(counting.isPresent());
        assertEquals(0, CountingQuantizerProvider.CONSTRUCTED.get());
        // the throwing provider is listed too: its constructor has not run
        assertTrue(registry.entry("boom").isPresent());
        assertTrue(registry.problems().stream().noneMatch(p -> p.message().contains("boom from the constructor")));
    }

    @Test
    void getInstantiatesOnceAndCaches() {
        PluginRegistry<QuantizerProvider> registry = basic();

        QuantizerProvider first = registry.get("Counting");
        QuantizerProvider second = registry.get("COUNTING");

        assertSame(first, second);
        assertTrue(first instanceof CountingQuantizerProvider);
        assertEquals(1, CountingQuantizerProvider.CONSTRUCTED.get());
    }

    @Test
    void namesAreCaseInsensitive() {
        PluginRegistry<QuantizerProvider> registry = basic();

        assertEquals("alpha", registry.entry("ALPHA").orElseThrow().name());
        assertEquals("Counting", registry.entry("counting").orElseThrow().name());
        assertTrue(registry.get("AlPhA") instanceof AlphaQuantizerProvider);
        assertEquals(1, registry.schema("Alpha").specs().size());
        assertEquals("size", registry.schema("Alpha").specs().get(0).name());
    }

    @Test
    void throwingConstructorIsReportedWithClassSourceAndCauseWhileOthersWork() {
        PluginRegistry<QuantizerProvider> registry = basic();

        BrokenPluginException e = assertThrows(BrokenPluginException.class, () -> registry.get("boom"));

        assertTrue(e.getMessage().contains(ThrowingQuantizerProvider.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TEST_CLASSES), e.getMessage());
        assertTrue(e.getMessage().contains("boom from the constructor"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertEquals(ThrowingQuantizerProvider.class, e.entry().type());
        PluginProblem recorded = registry.problems().stream()
                .filter(p -> p.provider().equals(ThrowingQuantizerProvider.class.getName()))
                .findFirst().orElseThrow();
        assertEquals(TEST_CLASSES, recorded.source());
        assertTrue(recorded.message().contains("boom from the constructor"), recorded.message());
        // a second call fails the same way and is not recorded twice
        assertSame(e, assertThrows(BrokenPluginException.class, () -> registry.get("BOOM")));
        assertEquals(1, registry.problems().stream()
                .filter(p -> p.provider().equals(ThrowingQuantizerProvider.class.getName())).count());
        assertTrue(registry.get("alpha") instanceof AlphaQuantizerProvider);
    }

    @Test
    void unloadableUnannotatedAndBadlyNamedProvidersAreProblemsNotFailures() {
        PluginRegistry<QuantizerProvider> registry = basic();
        List<PluginProblem> problems = registry.problems();

        assertEquals(4, problems.size(), problems.toString());
        PluginProblem missing = find(problems, "NoSuchQuantizerProvider");
        assertEquals("org.vqforge.runner.discovery.fixtures.NoSuchQuantizerProvider", missing.provider());
        assertTrue(missing.message().contains("not found"), missing.message());
        PluginProblem notAQuantizer = find(problems, "TestBackendProvider");
        assertTrue(notAQuantizer.message().contains("not a subtype"), notAQuantizer.message());
        PluginProblem unannotated = find(problems, "UnannotatedQuantizerProvider");
        assertTrue(unannotated.message().contains("@org.vqforge.api.plugin.Plugin"), unannotated.message());
        assertEquals(TEST_CLASSES, unannotated.source());
        PluginProblem badName = find(problems, "BadNameQuantizerProvider");
        assertTrue(badName.message().contains("'9 lives'"), badName.message());
        assertTrue(problems.stream().allMatch(p -> p.point().equals("quantizer")));
        // the providers listed after each bad line were still found
        assertEquals(List.of("alpha", "boom", "Counting"), registry.names());
    }

    @Test
    void unknownNameListsAvailableAndNearest() {
        PluginRegistry<QuantizerProvider> registry = basic();

        UnknownPluginException e = assertThrows(UnknownPluginException.class, () -> registry.get("alpah"));

        assertEquals("unknown quantizer 'alpah'; did you mean 'alpha'? available: alpha, boom, Counting", e.getMessage());
        assertEquals(Optional.of("alpha"), e.suggestion());
        assertEquals(List.of("alpha", "boom", "Counting"), e.available());
    }

    @Test
    void unknownNameFarFromEveryPluginSuggestsNothing() {
        UnknownPluginException e = assertThrows(UnknownPluginException.class, () -> basic().get("transformer"));

        assertEquals("unknown quantizer 'transformer'; available: alpha, boom, Counting", e.getMessage());
        assertEquals(Optional.empty(), e.suggestion());
    }

    @Test
    void unknownNameWithNothingInstalledSaysSo() {
        PluginRegistry<QuantizerProvider> empty = PluginRegistry.load(QuantizerProvider.class,
                ServiceLoader.load(QuantizerProvider.class, new ServiceFilesLoader("discovery/nothing-here")));

        assertTrue(empty.entries().isEmpty());
        UnknownPluginException e = assertThrows(UnknownPluginException.class, () -> empty.get("vq"));
        assertEquals("unknown quantizer 'vq'; no quantizer plugins are installed", e.getMessage());
    }

    @Test
    void sameNameInAnotherCaseFailsAtLoadNamingBothClasses() {
        DuplicatePluginException e = assertThrows(DuplicatePluginException.class, () -> PluginRegistry.load(
                QuantizerProvider.class,
                ServiceLoader.load(QuantizerProvider.class, new ServiceFilesLoader("discovery/duplicate"))));

        assertTrue(e.getMessage().contains("org.vqforge.runner.discovery.fixtures.AlphaQuantizerProvider"), e.getMessage());
        assertTrue(e.getMessage().contains("org.vqforge.runner.discovery.fixtures.ShoutingAlphaQuantizerProvider"), e.getMessage());
        assertEquals("quantizer", e.point());
        assertEquals("alpha", e.first().name());
        assertEquals("ALPHA", e.second().name());
    }

    private static PluginProblem find(List<PluginProblem> problems, String providerPart) {
        return problems.stream().filter(p -> p.provider().contains(providerPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + providerPart + " in " + problems));
    }

    @Test
    void nearestNameIgnoresCaseAndBreaksTiesAlphabetically() {
        assertEquals(Optional.of("vq"), NearestName.among("VQQ", List.of("ema", "vq")));
        // "ab" is one edit from both; the alphabetically first wins whatever the order given
        assertEquals(Optional.of("aa"), NearestName.among("ab", List.of("bb", "aa")));
        assertEquals(Optional.of("aa"), NearestName.among("ab", List.of("aa", "bb")));
        assertFalse(NearestName.among("mse", List.of("l1")).isPresent());
    }
}
