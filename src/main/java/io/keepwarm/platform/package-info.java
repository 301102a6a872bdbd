/** Shared ground for every module: the clock, problem details, pagination and request conventions. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.keepwarm.platform;
