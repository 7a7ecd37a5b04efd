/**
 * Settings › Data retention: after N days a text's body and media are redacted in Kontrol (the row, its status and who
 * sent it stay) and, when asked, Twilio's copy is deleted as well; a daily run, once across instances, idempotent, with
 * its progress in the audit log.
 */
package com.kontrol.messaging.retention;
