/** Privacy-practice categories and severity of changed sentences, driven by an extensible YAML rule file. */
package dev.policymonitor.streams.classify;
