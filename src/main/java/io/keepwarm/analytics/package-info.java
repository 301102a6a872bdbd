/**
 * The figures that show whether nurturing works: the funnel and its conversions, time in stage, touches sent and
 * suppressed. Read-only SQL that joins other modules' tables lives here (and only here, beside the segment compiler),
 * each query tested on both databases.
 */
package io.keepwarm.analytics;
