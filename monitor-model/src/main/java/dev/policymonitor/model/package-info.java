/** Event records, topics and serdes shared by the fetcher, the streams topology and the alerts service. */
package dev.policymonitor.model;
