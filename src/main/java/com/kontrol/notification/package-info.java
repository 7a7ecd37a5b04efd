/**
 * Texts Kontrol sends by itself about jobs: notifications when a job changes status or needs the customer's approval,
 * visit reminders and On my way, the help reply, and the one reader that gives each customer's text its one meaning
 * (the texted YES or NO that answers an approval request, C or R for a visit, or what {@code hours} does with it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package com.kontrol.notification;
