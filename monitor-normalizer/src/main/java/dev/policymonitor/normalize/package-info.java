/** Snapshot bytes to canonical Markdown text: decoding, selection, main-content extraction and noise removal. */
package dev.policymonitor.normalize;
