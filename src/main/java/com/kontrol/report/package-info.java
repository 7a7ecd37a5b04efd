/**
 * Reports (issue 34): how fast the team answers, from answers kept as they happen ({@code report_responses}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports")
package com.kontrol.report;
