/**
 * Search over every customer's texts and notes, and their names and numbers: the box in the navigation, its page and
 * {@code /api/v1/search}: word stems and phrases, through PostgreSQL's full-text index.
 */
package com.kontrol.messaging.search;
