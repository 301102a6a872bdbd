package io.keepwarm.contact.web;

import io.keepwarm.contact.ContactExports;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Imports (upload a file, follow its job, download its rejected rows) and contact exports. */
@RestController
class ImportController {

    private final Imports imports;
    private final ContactExports exports;

    ImportController(Imports imports, ContactExports exports) {
        this.imports = imports;
        this.exports = exports;
    }

    /**
     * Starts an import. {@code mapping} is optional JSON from the file's headers to fields, e.g.
     * {"E-Mail Address": "email", "Renewal": "attribute:renewal_date", "Notes": "ignore"}. {@code consentSource}
     * says once where the file's consent was given ("Trade show sign-up sheet, Berlin 2026"), for every row whose
     * own consent.source column does not.
     */
    @PostMapping(path = "/api/v1/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ImportJob> start(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) Imports.Format format, @RequestParam(required = false) String mapping,
            @RequestParam(required = false) ContactSource source,
            @RequestParam(required = false) String consentSource) throws IOException {
        if (file.isEmpty()) {
            throw InvalidInputException.field("file", "is empty; upload a CSV or vCard file");
        }
        try (InputStream in = file.getInputStream()) {
            ImportJob job = imports.start(in, file.getOriginalFilename(), format, mapping(mapping), source,
                    consentSource);
            return ResponseEntity.accepted().location(URI.create("/api/v1/imports/" + job.id())).body(job);
        }
    }

    /** The imports made so far, newest first. */
    @GetMapping("/api/v1/imports")
    Page<ImportJob> latest(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return imports.latest(cursor, Cursor.limit(limit));
    }

    @GetMapping("/api/v1/imports/{id}")
    ImportJob job(@PathVariable long id) {
        return imports.get(id);
    }

    /** The rows imported with a warning (a value not applied), in file order. */
    @GetMapping("/api/v1/imports/{id}/warnings")
    Page<Imports.Warning> warnings(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return imports.warnings(id, cursor, Cursor.limit(limit));
    }

    /** The rows imported with a note (nothing wrong, something to know), in file order. */
    @GetMapping("/api/v1/imports/{id}/notes")
    Page<Imports.Note> notes(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return imports.notes(id, cursor, Cursor.limit(limit));
    }

    /** The rows repeated in the file (merged into the contact an earlier row wrote), each with that row's line. */
    @GetMapping("/api/v1/imports/{id}/repeats")
    Page<Imports.Repeat> repeats(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return imports.repeats(id, cursor, Cursor.limit(limit));
    }

    @GetMapping(path = "/api/v1/imports/{id}/rejections", produces = "text/csv")
    void rejections(@PathVariable long id, HttpServletResponse response) throws IOException {
        imports.get(id);
        csv(response, "import-" + id + "-rejections.csv");
        imports.writeRejections(id, response.getOutputStream());
    }

    /** Streams every contact as CSV; the response is written as the rows are read, never held whole. */
    @GetMapping(path = "/api/v1/exports/contacts", produces = "text/csv")
    void export(HttpServletResponse response) throws IOException {
        csv(response, "contacts.csv");
        exports.writeCsv(response.getOutputStream());
    }

    private static void csv(HttpServletResponse response, String fileName) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }

    private static Map<String, String> mapping(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JsonMapper.shared().readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (RuntimeException e) {
            throw InvalidInputException.field("mapping",
                    "must be a JSON object from column header to field, e.g. {\"E-Mail\": \"email\"}");
        }
    }
}
