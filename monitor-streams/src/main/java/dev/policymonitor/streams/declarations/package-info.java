/** Reads Open Terms Archive declarations (with their history) into policy-monitor's document declarations. */
package dev.policymonitor.streams.declarations;
