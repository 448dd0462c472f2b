package dev.policymonitor.fetcher.render;

/**
 * The DOM of a rendered page.
 *
 * @param url where the page ended up, after redirects
 * @param status HTTP status of the page's main response
 * @param html the serialized DOM ({@code document.documentElement.outerHTML} with its doctype)
 * @param ready whether what was waited for (the declared {@code select}, or text) appeared in time; when false the
 *     DOM is taken as it was at the timeout, as Open Terms Archive does
 * @param language the main response's {@code Content-Language}, or null
 */
public record RenderedPage(String url, int status, String html, boolean ready, String language) {}
