/**
 * Calls to the business number as thread entries (issue 33): the call's entry, its outcome and its voicemail. The
 * {@code call} module decides what a call does; this room keeps what happened, where the thread reads it.
 */
@org.springframework.modulith.NamedInterface("calls")
package com.kontrol.messaging.calls;
