/**
 * When the office is open and what happens when it is not: business hours and closed days (Settings › Business hours),
 * the after-hours reply, and the emergency line that pages the on-call rotation.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Business hours")
package com.kontrol.hours;
