package org.vqforge.runner.report;

/**
 * One part of a run's page.
 *
 * @param id the anchor of its heading ({@code losses}, {@code evaluation})
 * @param title its heading
 * @param body its HTML
 * @param missing what the section could not show and why (a file not written yet, an unreadable
 *     one), or null when it is complete; the page lists these at its top
 */
public record PageSection(String id, String title, String body, String missing) {

    /** A complete section. */
    public static PageSection of(String id, String title, String body) {
        return new PageSection(id, title, body, null);
    }

    /** A section that says what is missing instead of showing it. */
    public static PageSection missing(String id, String title, String why) {
        return new PageSection(id, title, "<p class=\"missing\">" + Html.escape(why) + "</p>\n", why);
    }

    /**
     * A section showing the PNG {@code file} as a grid below {@code caption}, or, when the run has
     * not written it yet, saying so with {@code missingWhy}.
     */
    public static PageSection grid(String id, String title, java.nio.file.Path file, String caption, String alt,
            String missingWhy) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return missing(id, title, missingWhy);
        }
        return of(id, title, "<p>" + caption + "</p>\n"
                + Html.image(java.nio.file.Files.readAllBytes(file), alt, "grid"));
    }
}
