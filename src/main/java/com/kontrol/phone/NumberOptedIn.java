package com.kontrol.phone;

/** A number that had opted out may be texted again ({@code by}: who recorded it, {@code words}: how). */
public record NumberOptedIn(String number, ConsentSource source, String words, String by) {}
