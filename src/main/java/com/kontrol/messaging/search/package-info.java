/**
 * Search over every customer's texts and notes, and their names and numbers: the box in the navigation, its page and
 * {@code /api/v1/search}. PostgreSQL searches word stems and phrases with its full-text index; H2 matches the words in
 * the text.
 */
package com.kontrol.messaging.search;
