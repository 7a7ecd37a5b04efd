package com.kontrol.messaging.export;

import com.kontrol.web.CsvCells;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * An exported conversation as a document: a PDF (the XHTML template {@code export/thread} rendered by openhtmltopdf,
 * the pictures embedded and scaled to the page) or a CSV of the same lines (Commons CSV; a cell a spreadsheet would
 * run as a formula starts with an apostrophe).
 */
@Component
class ThreadDocuments {

    /** A font with more than Latin-1 (accents, €, most scripts) where the machine has it; else PDF's own Helvetica. */
    private static final File FONT = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private final TemplateEngine templates;

    ThreadDocuments(TemplateEngine templates) {
        this.templates = templates;
    }

    byte[] pdf(ThreadExport.Export export) {
        var context = new Context(Locale.ENGLISH);
        context.setVariable("export", export);
        context.setVariable("fontFamily", FONT.canRead() ? "'DejaVu Sans', sans-serif" : "Helvetica, sans-serif");
        var html = templates.process("export/thread", context);
        var out = new ByteArrayOutputStream();
        try {
            var builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (FONT.canRead()) {
                builder.useFont(FONT, "DejaVu Sans");
            }
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String csv(ThreadExport.Export export) {
        var out = new StringWriter();
        try (var printer = CSVFormat.RFC4180
                .builder()
                .setHeader("time", "direction", "from", "to", "sender", "status", "error", "text", "attachments")
                .get()
                .print(out)) {
            for (var line : export.lines()) {
                var m = line.message();
                printer.printRecord(List.of(
                                line.time(),
                                line.direction(),
                                nz(m.from()),
                                nz(m.to()),
                                nz(line.sender()),
                                nz(line.status()),
                                m.errorCode() == null ? "" : m.errorCode() + ": " + nz(m.errorMessage()),
                                nz(m.body()),
                                m.media().size())
                        .stream()
                        .map(CsvCells::safe)
                        .toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
