package com.kontrol.customer.importing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.kontrol.web.ConflictException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The file of an import that has not run, read and planned for its pages. A plan of 50,000 lines takes a second or
 * two to work out; the preview's pages (a filter, the next hundred lines) reuse it for a few minutes (the plan, not the
 * file). What runs is
 * planned again at the time ({@link ImportRun}).
 */
@Component
class ImportPreview {

    record Preview(ImportPlan plan) {}

    private final CustomerImports imports;
    private final ImportPlanner planner;
    // Weighed by lines: a plan of 100,000 lines holds some 30 MB, and the heap is 256 MB (deploy/jvm.options).
    private final Cache<String, Preview> recent = Caffeine.newBuilder()
            .maximumWeight(CsvFile.MAX_ROWS)
            .<String, Preview>weigher((key, preview) -> preview.plan().lines.size())
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    ImportPreview(CustomerImports imports, ImportPlanner planner) {
        this.imports = imports;
        this.planner = planner;
    }

    /** The file as the import reads it now (its encoding and delimiter). */
    CsvFile file(CustomerImports.Import found) {
        var content = imports.content(found.id())
                .orElseThrow(() -> new ConflictException("The file of this import is no longer kept: it has run."));
        return CsvFile.read(content, found.charset(), found.delimiter());
    }

    /** The plan of a mapped import; null before it is mapped. */
    Preview of(CustomerImports.Import found) {
        if (found.mapping() == null) {
            return null;
        }
        var key = found.id() + "|" + found.charset() + "|" + found.delimiter() + "|" + found.mapping();
        return recent.get(key, k -> {
            var file = file(found);
            var mapping = ColumnMapping.ofCode(found.mapping(), file.header().size());
            return new Preview(planner.plan(file, mapping));
        });
    }
}
