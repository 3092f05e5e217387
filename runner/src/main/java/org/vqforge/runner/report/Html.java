package org.vqforge.runner.report;

import java.util.Base64;

/**
 * The pieces of a self-contained HTML page: escaped text, PNG images as data URIs and the page
 * around a body with its style inline, so that nothing is fetched when it is opened.
 */
public final class Html {

    /** The style every report shares: tables, charts in rows that wrap, pixel-exact image grids. */
    public static final String STYLE = "body{font-family:sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}"
            + "th,td{border:1px solid #bbb;padding:4px 8px;text-align:right}th{background:#eee}"
            + "td.label{text-align:left}td.best{font-weight:bold;background:#e3f2e1}td.failed{color:#b00}"
            + ".charts{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.charts img{max-width:100%}"
            + "img.grid{width:600px;max-width:100%;image-rendering:pixelated}"
            + "pre{white-space:pre-wrap}pre.error,p.missing{color:#b00}pre.config{background:#f6f6f6;padding:.5em}";

    private Html() {}

    /** A whole page: {@code title} in the head, {@link #STYLE} plus {@code style}, then {@code body}. */
    public static String page(String title, String style, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + STYLE + style + "\n</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /** An {@code <img>} showing {@code png} from a data URI; {@code cssClass} may be null. */
    public static String image(byte[] png, String alt, String cssClass) {
        return "<img" + (cssClass == null ? "" : " class=\"" + escape(cssClass) + "\"") + " alt=\"" + escape(alt)
                + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">\n";
    }

    /** Text in HTML content or a quoted attribute. */
    public static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
