/** The conversation with customers: every text in either direction, and the SMS tab that shows them. */
@org.springframework.modulith.ApplicationModule(displayName = "Messaging")
package com.kontrol.messaging;
