/** Sandbox SMS and the Dev Phone: two-way texting with no Twilio account, through Kontrol's real webhooks. */
package com.kontrol.twilio.sandbox;
