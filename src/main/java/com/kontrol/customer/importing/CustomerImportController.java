package com.kontrol.customer.importing;

import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Customers › Import (admins): upload a CSV, map its columns, preview what each line will do, confirm, follow the run,
 * and undo it within a day. Nothing is written to the customers before the confirm.
 */
@Controller
@RequestMapping("/customers/import")
class CustomerImportController {

    static final int PAGE = 100;

    private final CustomerImports imports;
    private final ImportPreview previews;
    private final ImportRun run;
    private final ImportUndo undo;
    private final PhoneNumbers numbers;
    private final Clock clock;

    CustomerImportController(
            CustomerImports imports,
            ImportPreview previews,
            ImportRun run,
            ImportUndo undo,
            PhoneNumbers numbers,
            Clock clock) {
        this.numbers = numbers;
        this.imports = imports;
        this.previews = previews;
        this.run = run;
        this.undo = undo;
        this.clock = clock;
    }

    @GetMapping
    String start(Model model) {
        model.addAttribute("imports", imports.latest(10));
        return "customers/import";
    }

    @PostMapping
    String upload(@RequestParam(required = false) MultipartFile file, Principal me, Model model) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new InvalidInputException("Choose a CSV file to upload.");
            }
            var bytes = file.getBytes();
            var charset = CsvFile.charsetOf(bytes);
            var delimiter = CsvFile.delimiterOf(CsvFile.text(bytes, charset));
            var csv = CsvFile.read(bytes, charset, delimiter);
            if (csv.rows().isEmpty()) {
                throw new InvalidInputException("The file has a header row but no customers below it.");
            }
            var name = file.getOriginalFilename() == null
                            || file.getOriginalFilename().isBlank()
                    ? "customers.csv"
                    : file.getOriginalFilename().replaceAll("[\\p{Cntrl}/\\\\]", "_");
            long id = imports.add(
                    name.length() > 200 ? name.substring(0, 200) : name, bytes, charset, delimiter, me.getName());
            return "redirect:/customers/import/" + id + "/mapping";
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("imports", imports.latest(10));
            return "customers/import";
        }
    }

    @GetMapping("/{id}/mapping")
    String mapping(@PathVariable long id, Model model) {
        var found = found(id);
        if (!found.state().equals("mapping")) {
            return "redirect:/customers/import/" + id;
        }
        var file = previews.file(found);
        var mapping = found.mapping() == null
                ? ColumnMapping.guess(file.header())
                : ColumnMapping.ofCode(found.mapping(), file.header().size());
        return mappingPage(found, file, mapping, null, model);
    }

    @PostMapping("/{id}/mapping")
    String map(
            @PathVariable long id,
            @RequestParam String charset,
            @RequestParam String delimiter,
            @RequestParam(required = false) String reread,
            @RequestParam Map<String, String> params,
            Model model) {
        var found = found(id);
        if (!found.state().equals("mapping")) {
            throw new ConflictException("The import has run: its mapping cannot change.");
        }
        var newCharset = charset(charset);
        char newDelimiter = delimiter(delimiter);
        if (reread != null || !newCharset.equals(found.charset()) || newDelimiter != found.delimiter()) {
            imports.map(id, newCharset, newDelimiter, null); // read again: the columns may differ now
            return "redirect:/customers/import/" + id + "/mapping";
        }
        var file = previews.file(found);
        var fields = new ArrayList<ColumnMapping.Field>();
        for (int i = 0; i < file.header().size(); i++) {
            fields.add(ColumnMapping.Field.ofCode(params.getOrDefault("column" + i, "skip")));
        }
        var mapping = new ColumnMapping(fields);
        try {
            mapping.check();
        } catch (InvalidInputException e) {
            return mappingPage(found, file, mapping, e.getMessage(), model);
        }
        imports.map(id, found.charset(), found.delimiter(), mapping.code());
        return "redirect:/customers/import/" + id;
    }

    private String mappingPage(
            CustomerImports.Import found, CsvFile file, ColumnMapping mapping, String error, Model model) {
        var columns = new ArrayList<Column>();
        for (int i = 0; i < file.header().size(); i++) {
            int column = i;
            columns.add(new Column(
                    i,
                    file.header().get(i).isBlank()
                            ? "Column " + (i + 1)
                            : file.header().get(i),
                    file.rows().stream()
                            .map(r -> CsvFile.cell(r, column))
                            .filter(v -> !v.isBlank())
                            .limit(3)
                            .toList(),
                    mapping.fields().get(i)));
        }
        model.addAttribute("found", found);
        model.addAttribute("rows", file.rows().size());
        model.addAttribute("columns", columns);
        model.addAttribute("fields", ColumnMapping.Field.values());
        model.addAttribute("charsets", CsvFile.CHARSETS);
        model.addAttribute("charsetName", found.charset().name());
        model.addAttribute("delimiterName", delimiterName(found.delimiter()));
        model.addAttribute("error", error);
        return "customers/import-mapping";
    }

    /** A column of the file on the mapping page: its header, a few of its values, and what it is mapped to. */
    record Column(int index, String header, List<String> examples, ColumnMapping.Field field) {}

    @GetMapping("/{id}")
    String show(
            @PathVariable long id,
            @RequestParam(defaultValue = "all") String show,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        var found = found(id);
        model.addAttribute("found", found);
        model.addAttribute("numbers", numbers);
        if (found.state().equals("mapping")) {
            if (found.mapping() == null) {
                return "redirect:/customers/import/" + id + "/mapping";
            }
            var preview = previews.of(found);
            var lines = show.equals("all")
                    ? preview.plan().lines
                    : preview.plan().lines.stream()
                            .filter(l -> l.action().code().equals(show))
                            .toList();
            int pages = Math.max(1, (lines.size() + PAGE - 1) / PAGE);
            int current = Math.max(1, Math.min(page, pages));
            var counts = preview.plan().counts();
            model.addAttribute("counts", counts);
            model.addAttribute("refusedLines", counts.get(ImportPlan.Action.REFUSED));
            model.addAttribute("optOuts", preview.plan().newOptOuts);
            model.addAttribute("toWrite", preview.plan().toWrite().size());
            model.addAttribute("actions", ImportPlan.Action.values());
            model.addAttribute("show", show);
            model.addAttribute("lines", lines.subList((current - 1) * PAGE, Math.min(lines.size(), current * PAGE)));
            model.addAttribute("page", current);
            model.addAttribute("pages", pages);
            model.addAttribute("shown", lines.size());
            return "customers/import-preview";
        }
        model.addAttribute("undoable", found.undoable(OffsetDateTime.now(clock)));
        return "customers/import-run";
    }

    /** The run's progress, asked for every second while it runs (htmx); the whole result once it is over. */
    @GetMapping("/{id}/progress")
    String progress(@PathVariable long id, Model model) {
        var found = found(id);
        model.addAttribute("found", found);
        model.addAttribute("undoable", found.undoable(OffsetDateTime.now(clock)));
        return "customers/import-run :: outcome";
    }

    @PostMapping("/{id}/confirm")
    String confirm(@PathVariable long id, Principal me) {
        run.confirm(id, me.getName());
        return "redirect:/customers/import/" + id;
    }

    @PostMapping("/{id}/undo")
    String undo(@PathVariable long id, Principal me, RedirectAttributes redirect) {
        var outcome = undo.undo(id, me.getName());
        redirect.addFlashAttribute(
                "notice",
                "Import undone: " + outcome.deleted() + " customers removed, " + outcome.archived()
                        + " archived (they have texts or jobs since), " + outcome.restored() + " restored"
                        + (outcome.leftChanged() > 0
                                ? "; " + outcome.leftChanged() + " left as they are (changed since the import)"
                                : "")
                        + ". Opt-outs stay.");
        return "redirect:/customers/import/" + id;
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes redirect) {
        if (!imports.cancel(id)) {
            throw new ConflictException("Only an import that has not run can be cancelled; undo this one instead.");
        }
        redirect.addFlashAttribute("notice", "Import cancelled: nothing was written, and the file is gone.");
        return "redirect:/customers/import";
    }

    /** The refused lines with their reasons (line, name, reason), to fix in the spreadsheet and import again. */
    @GetMapping("/{id}/refused.csv")
    ResponseEntity<String> refused(@PathVariable long id) {
        var found = found(id);
        var csv = found.state().equals("mapping") && found.mapping() != null
                ? previews.of(found).plan().refusedCsv()
                : imports.refusals(id).orElse("line,name,reason\r\n");
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"refused-lines-" + id + ".csv\"")
                .body(csv);
    }

    /**
     * A step the import's state no longer allows (confirmed twice, undone twice, too late), or a form changed by hand
     * (an encoding or field that is none): back to the import's page, which shows where it stands, with why.
     */
    @ExceptionHandler({ConflictException.class, InvalidInputException.class})
    String refused(RuntimeException e, HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("error", e.getMessage());
        var id = request.getRequestURI().replaceFirst("^.*/customers/import/(\\d+).*$", "$1");
        if (!id.matches("\\d+")) {
            return "redirect:/customers/import";
        }
        return "redirect:/customers/import/" + id + (request.getRequestURI().endsWith("/mapping") ? "/mapping" : "");
    }

    private CustomerImports.Import found(long id) {
        return imports.find(id).orElseThrow(() -> new NotFoundException("There is no import " + id + "."));
    }

    private static Charset charset(String name) {
        if (!CsvFile.CHARSETS.contains(name)) {
            throw new InvalidInputException("The encoding is one of " + String.join(", ", CsvFile.CHARSETS) + ".");
        }
        return Charset.forName(name);
    }

    private static char delimiter(String code) {
        return switch (code) {
            case "comma" -> ',';
            case "semicolon" -> ';';
            case "tab" -> '\t';
            case "bar" -> '|';
            default -> throw new InvalidInputException("The delimiter is comma, semicolon, tab or bar.");
        };
    }

    /** The delimiter's name in the form. */
    private static String delimiterName(char c) {
        return switch (c) {
            case ';' -> "semicolon";
            case '\t' -> "tab";
            case '|' -> "bar";
            default -> "comma";
        };
    }
}
