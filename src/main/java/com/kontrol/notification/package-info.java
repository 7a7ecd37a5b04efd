/**
 * One-way notifications: texts Kontrol sends by itself when a job changes status or needs the customer's approval,
 * and the customer's texted YES or NO that answers an approval request.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package com.kontrol.notification;
