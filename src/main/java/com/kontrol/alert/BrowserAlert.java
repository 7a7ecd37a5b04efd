package com.kontrol.alert;

/**
 * A customer's text (message {@code messageId}) should raise a browser notification for {@code username} in every tab
 * of theirs that has Kontrol open; {@code sound} when they asked for one. The live module delivers it.
 */
public record BrowserAlert(long messageId, String username, boolean sound) {}
