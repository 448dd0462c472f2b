/** Sentence segmentation, block/sentence/word diffs of version texts, and cosmetic and date rules. */
package dev.policymonitor.streams.diff;
