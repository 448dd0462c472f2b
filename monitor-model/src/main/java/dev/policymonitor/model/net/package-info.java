/**
 * Which hosts and addresses the monitor may fetch: the address ranges it refuses (loopback, private, link-local,
 * metadata, ...), host literals in every spelling a resolver accepts, and the allow-list of the vendors file. Pure:
 * no DNS lookup happens here; the fetcher resolves and asks.
 */
package dev.policymonitor.model.net;
