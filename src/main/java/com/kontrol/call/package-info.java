/**
 * Calls to the business number (issue 33): the office's phones ring, and a call nobody answers (or one while the
 * office is closed) becomes a voicemail, a text back to the caller and a conversation in Needs reply. What to do with a
 * call is decided here ({@link com.kontrol.call.CallPlan}); the {@code twilio} module turns it into TwiML.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Calls")
package com.kontrol.call;
