package com.kontrol.phone;

/** A number asked for no more texts, for everyone who has it ({@code by}: who recorded it, {@code words}: how). */
public record NumberOptedOut(String number, ConsentSource source, String words, String by) {}
