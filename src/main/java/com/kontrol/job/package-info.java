/** Jobs: numbered pieces of work for a customer, their status history, and the stable portal link. */
@org.springframework.modulith.ApplicationModule(displayName = "Jobs")
package com.kontrol.job;
