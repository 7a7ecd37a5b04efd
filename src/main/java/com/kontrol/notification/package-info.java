/**
 * Texts Kontrol sends by itself: notifications when a job changes status or needs the customer's approval (and the
 * texted YES or NO that answers an approval request); and the office's hours (Settings › Business hours) with what
 * happens while it is closed: the after-hours reply, and the emergency line that pages the on-call staff member.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package com.kontrol.notification;
