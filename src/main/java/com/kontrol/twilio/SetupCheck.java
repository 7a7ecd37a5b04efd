package com.kontrol.twilio;

/** One line of the setup assistant's report: what was checked, whether it passed, and what to do if not. */
public record SetupCheck(String what, boolean ok, String detail) {}
