package com.kontrol.customer.importing;

import com.kontrol.web.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * An uploaded spreadsheet saved as CSV, read as it is written out there: its encoding (a byte-order mark, else UTF-8
 * when every byte reads as UTF-8, else Windows-1252, what Excel saves on Western Windows) and its delimiter (comma,
 * semicolon, tab or bar: the one that splits the header into the most columns) found from the bytes; the header row
 * names the columns. Parsed by Apache Commons CSV (quotes, doubled quotes and line breaks inside quotes).
 */
record CsvFile(Charset charset, char delimiter, List<String> header, List<List<String>> rows) {

    static final int MAX_ROWS = 100_000;
    static final int MAX_COLUMNS = 60;
    static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');
    static final List<String> CHARSETS = List.of("UTF-8", "windows-1252", "ISO-8859-1", "UTF-16LE", "UTF-16BE");

    /** The encoding the bytes show (a byte-order mark, or UTF-8 when they read as it, else Windows-1252). */
    static Charset charsetOf(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return StandardCharsets.UTF_16LE;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return StandardCharsets.UTF_16BE;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("windows-1252");
        }
    }

    /** The delimiter that splits the first line (outside quotes) into the most columns; a comma when none does. */
    static char delimiterOf(String text) {
        char best = ',';
        int most = 0;
        for (char d : DELIMITERS) {
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                    break;
                } else if (!quoted && c == d) {
                    count++;
                }
            }
            if (count > most) {
                most = count;
                best = d;
            }
        }
        return best;
    }

    /** The file's text in {@code charset}, without a byte-order mark. */
    static String text(byte[] bytes, Charset charset) {
        var text = new String(bytes, charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Reads the file with this encoding and delimiter.
     *
     * @throws InvalidInputException saying what is wrong with the file: empty, no header, too many rows or columns, a
     *     quote left open
     */
    static CsvFile read(byte[] bytes, Charset charset, char delimiter) {
        var text = text(bytes, charset);
        if (text.isBlank()) {
            throw new InvalidInputException("The file is empty.");
        }
        var format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        var header = new ArrayList<String>();
        var rows = new ArrayList<List<String>>();
        try (var parser = format.parse(new StringReader(text))) {
            for (var record : parser) {
                var cells = new ArrayList<String>(record.size());
                record.forEach(cells::add);
                if (header.isEmpty()) {
                    if (cells.size() > MAX_COLUMNS) {
                        throw new InvalidInputException("The header has " + cells.size() + " columns; at most "
                                + MAX_COLUMNS + " can be mapped.");
                    }
                    header.addAll(cells);
                    continue;
                }
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue; // a row of empty cells, as spreadsheets write below the data
                }
                if (rows.size() == MAX_ROWS) {
                    throw new InvalidInputException(
                            "The file has more than " + MAX_ROWS + " rows: split it and import each part.");
                }
                rows.add(cells);
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            // Commons CSV: a quote left open, a character after a closing quote; its message says where
            var cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException("The file cannot be read as CSV: " + cause.getMessage());
        }
        if (header.stream().allMatch(String::isBlank)) {
            throw new InvalidInputException("The first row must name the columns (a header row).");
        }
        return new CsvFile(charset, delimiter, List.copyOf(header), rows);
    }

    /** The cell of {@code row} in column {@code column}, or "" for a row that stops short. */
    static String cell(List<String> row, int column) {
        return column < row.size() ? row.get(column) : "";
    }
}
