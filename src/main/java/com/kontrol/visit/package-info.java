/**
 * Visits by text: each job's visits (a day, an arrival window, a technician), the office's day view (Jobs › Today)
 * and {@code /api/v1/jobs/{id}/visits}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Visits")
package com.kontrol.visit;
