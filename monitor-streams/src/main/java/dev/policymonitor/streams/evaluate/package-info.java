/** Labelled histories (captures with an expected-kinds manifest) and the rule that scores a replay against them. */
package dev.policymonitor.streams.evaluate;
