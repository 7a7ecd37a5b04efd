package com.kontrol.messaging.search;

import com.kontrol.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What someone typed in the search box, read as a web search engine reads it: words (each must appear, in any form:
 * "leaks" finds "leaking"), "quoted phrases" (in that order) and -words that must not appear.
 */
record SearchQuery(String text, List<String> words, List<String> phrases, List<String> excluded) {

    static final int MAX_LENGTH = 200;

    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"?|(\\S+)");
    private static final Pattern EDGES = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    static SearchQuery parse(String typed) {
        var text = typed == null ? "" : typed.strip();
        if (text.length() < 2) {
            throw new InvalidInputException("Type at least two characters to search.");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException("A search is at most " + MAX_LENGTH + " characters.");
        }
        var words = new ArrayList<String>();
        var phrases = new ArrayList<String>();
        var excluded = new ArrayList<String>();
        var m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (m.group(1) != null) {
                var phrase = m.group(1).strip().replaceAll("\\s+", " ");
                if (!phrase.isEmpty()) {
                    phrases.add(phrase);
                }
                continue;
            }
            var token = m.group(2);
            var not = token.startsWith("-") && token.length() > 1;
            var word = EDGES.matcher(token).replaceAll("");
            if (!word.isEmpty()) {
                (not ? excluded : words).add(word);
            }
        }
        if (words.isEmpty() && phrases.isEmpty()) {
            throw new InvalidInputException("Search for a word, a \"phrase\", a name or a number.");
        }
        return new SearchQuery(text, List.copyOf(words), List.copyOf(phrases), List.copyOf(excluded));
    }

    /** The whole search as one piece of text (a name, a number), when it is not written as words and phrases. */
    String plain() {
        return text.contains("\"") ? null : text;
    }

    /** Only digits (and the spaces, dashes and brackets numbers are written with). */
    String digits() {
        return text.matches("[\\d\\s()+.-]+") ? text.replaceAll("\\D", "") : null;
    }

    /**
     * The part of a word that its other forms share: "leaking", "leaked" and "leaks" all hold "leak". Rough, and meant
     * to be: the embedded database matches it anywhere in a word, where PostgreSQL compares real stems.
     */
    static String stem(String word) {
        for (var suffix : List.of("ing", "ed", "es", "s")) {
            if (word.endsWith(suffix) && word.length() - suffix.length() >= 3) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }

    /** What to look for in a text to show where it matched: the phrases, then the words' stems. */
    List<String> needles() {
        var needles = new ArrayList<>(phrases);
        words.stream().map(SearchQuery::stem).forEach(needles::add);
        return needles;
    }
}
