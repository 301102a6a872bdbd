/**
 * The touch engine. Today: the pressure policy, the one budget per person across programs and channels that
 * decides whether a planned touch is sent now, deferred to the earliest allowed moment, or suppressed.
 */
package io.keepwarm.engine;
