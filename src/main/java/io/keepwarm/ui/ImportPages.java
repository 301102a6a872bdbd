package io.keepwarm.ui;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The import wizard: upload a file; for CSV, map each column to a field with the first rows in view (guessed from the
 * header as the import would); then watch the job's progress and read the rows it rejected and why. vCard files have
 * fixed fields and go straight to the job.
 */
@Controller
class ImportPages {

    /** One choice for a column: the target the import takes and the words shown for it. */
    record Target(String value, String label) {}

    record TargetGroup(String label, List<Target> targets) {}

    /** A column of the file: its header, what it feeds (a target, or "ignore"), and whether it can be chosen at all. */
    record Column(int index, String header, String target, boolean named) {}

    private static final int REJECTIONS_SHOWN = 50;
    /**
     * Every row of a list the page shows in full, where its "and 12 more" leads ({@code ?all=warnings}): one fewer than
     * the most a read can ask, as a page of rows reads one more to know whether there are.
     */
    private static final int EVERY = Integer.MAX_VALUE - 1;
    /** The latest imports listed under the upload form, each a link to its report. */
    private static final int EARLIER_SHOWN = 20;
    private static final int PREVIEW_ROWS = 5;
    private static final String IGNORE = "ignore";

    private final Imports imports;
    private final Attributes attributes;

    ImportPages(Imports imports, Attributes attributes) {
        this.imports = imports;
        this.attributes = attributes;
    }

    @GetMapping("/ui/imports")
    String form(Model model) {
        // MANUAL is for a contact typed in on the contact form, never for a file's rows.
        model.addAttribute("sources", Arrays.stream(ContactSource.values()).filter(s -> s != ContactSource.MANUAL)
                .map(s -> new Target(s.name(), sourceLabel(s))).toList());
        model.addAttribute("earlier", imports.latest(null, EARLIER_SHOWN).items());
        return "imports";
    }

    /** "Trade show" for TRADE_SHOW: the words, not the constant. */
    static String sourceLabel(ContactSource source) {
        if (source == ContactSource.API) {
            return "API";
        }
        String words = Forms.words(source.name());
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    @PostMapping("/ui/imports")
    String upload(@RequestParam("file") MultipartFile file, @RequestParam ContactSource source, Model model,
            RedirectAttributes redirect) throws IOException {
        if (file.isEmpty()) {
            model.addAttribute("error", "The file is empty; choose a CSV or vCard file with contacts in it.");
            return form(model);
        }
        String name = file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            if (Imports.Format.of(name) == Imports.Format.VCARD) {
                return "redirect:/ui/imports/" + imports.start(in, name, Imports.Format.VCARD, Map.of(), source).id();
            }
            Imports.Upload upload = imports.upload(in, name);
            redirect.addAttribute("name", name == null ? "" : name);
            redirect.addAttribute("source", source);
            return "redirect:/ui/imports/uploads/" + upload.id();
        } catch (InvalidInputException e) {
            model.addAttribute("error", fileProblem(e, name));
            return form(model);
        }
    }

    /**
     * Why a file was refused, in the sentence alone: the API's field name ("file: ...") means nothing on the page. A
     * workbook gets the way to a CSV file out of Excel.
     */
    static String fileProblem(InvalidInputException e, String fileName) {
        var file = e.errors().stream().filter(f -> f.field().equals("file")).findFirst();
        if (file.isEmpty()) {
            return Problems.describe(e);
        }
        String name = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".xlsx") || name.endsWith(".xls") || name.endsWith(".xlsm")) {
            return "This is an Excel workbook, not a CSV file. In Excel, choose File, Save as, and the file type "
                    + "\"CSV UTF-8 (Comma delimited)\", then upload the CSV file it saves.";
        }
        return file.get().message();
    }

    /** The mapping step: every column with the field it feeds (guessed), over the file's first rows. */
    @GetMapping("/ui/imports/uploads/{id}")
    String mapping(@PathVariable String id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "IMPORT") ContactSource source, Model model) throws IOException {
        Imports.Preview preview;
        try {
            preview = imports.preview(id, PREVIEW_ROWS);
        } catch (InvalidInputException e) {
            model.addAttribute("error", fileProblem(e, name));
            return form(model);
        }
        List<String> chosen = preview.guesses().stream().map(t -> t == null ? IGNORE : t).toList();
        return mapping(id, name, source, preview, chosen, "", null, model);
    }

    /**
     * Whether the mapping says where consent was given (a column, or the text for every row) but gives no column to
     * consent itself: the person most likely meant the file's opt-in column, and nothing about consent would be
     * imported.
     */
    static boolean sourceWithoutConsent(List<String> targets, String consentSource) {
        boolean source = (consentSource != null && !consentSource.isBlank()) || targets.contains("consent.source");
        return source && targets.stream().noneMatch(t -> t.startsWith("consent.") && !t.equals("consent.source"));
    }

    @PostMapping("/ui/imports/uploads/{id}")
    String run(@PathVariable String id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "IMPORT") ContactSource source,
            // an array, not a list: Spring splits a lone value at its commas when it binds a list
            @RequestParam(name = "target", required = false) String[] targetValues,
            @RequestParam(defaultValue = "0") long rows, @RequestParam(defaultValue = "") String consentSource,
            @RequestParam(defaultValue = "false") boolean withoutConsent, Model model) throws IOException {
        // one per column, in column order: two columns of the same name are still two choices
        List<String> targets = targetValues == null ? List.of() : List.of(targetValues);
        if (!withoutConsent && sourceWithoutConsent(targets, consentSource)) {
            // said once on the page; pressing Import again with the warning in view goes ahead
            Imports.Preview preview;
            try {
                preview = imports.preview(id, PREVIEW_ROWS);
            } catch (NotFoundException e) {
                model.addAttribute("error", e.getMessage());
                return form(model);
            }
            return mapping(id, name, source, preview, chosen(preview, targets), consentSource, null, model);
        }
        try {
            ImportJob job = imports.startUpload(id, name, targets, source,
                    consentSource.isBlank() ? null : consentSource);
            return "redirect:/ui/imports/" + job.id() + (rows > 0 ? "?rows=" + rows : "");
        } catch (ConflictException e) {
            // the mapping sent twice (a double click, the back button): show the job the first one started
            return "redirect:/ui/imports/" + e.properties().get("importId") + (rows > 0 ? "?rows=" + rows : "");
        } catch (NotFoundException e) {
            model.addAttribute("error", e.getMessage());
            return form(model);
        } catch (InvalidInputException e) {
            Imports.Preview preview = imports.preview(id, PREVIEW_ROWS);
            String message = e.errors().isEmpty() ? e.getMessage() : e.errors().getFirst().message();
            return mapping(id, name, source, preview, chosen(preview, targets), consentSource, message, model);
        }
    }

    /** The targets sent, one per column of the file, a column without one left out. */
    private static List<String> chosen(Imports.Preview preview, List<String> targets) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < preview.headers().size(); i++) {
            chosen.add(i < targets.size() && !targets.get(i).isBlank() ? targets.get(i) : IGNORE);
        }
        return chosen;
    }

    private String mapping(String id, String name, ContactSource source, Imports.Preview preview, List<String> chosen,
            String consentSource, String error, Model model) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < preview.headers().size(); i++) {
            String header = preview.headers().get(i);
            boolean named = header != null && !header.isBlank();
            columns.add(new Column(i, named ? header.strip() : "(unnamed column " + (i + 1) + ")",
                    named ? chosen.get(i) : IGNORE, named));
        }
        model.addAttribute("uploadId", id);
        model.addAttribute("name", name);
        model.addAttribute("source", source);
        model.addAttribute("preview", preview);
        model.addAttribute("columns", columns);
        model.addAttribute("groups", groups(chosen));
        model.addAttribute("error", error);
        model.addAttribute("consentSource", consentSource);
        model.addAttribute("consentSourceLabel", Imports.CONSENT_SOURCE_FOR_EVERY_ROW);
        model.addAttribute("sourceWithoutConsent", sourceWithoutConsent(chosen, consentSource));
        return "import-mapping";
    }

    /**
     * An import's report: its counts, and the first rows it rejected, warned of, noted and found repeating an email;
     * {@code all} names one of the last three to show in full.
     */
    @GetMapping("/ui/imports/{id}")
    String job(@PathVariable long id, @RequestParam(required = false) Long rows,
            @RequestParam(required = false) String all, Model model) {
        ImportJob job = imports.get(id);
        java.util.function.ToIntFunction<String> shown = list -> list.equals(all) ? EVERY : REJECTIONS_SHOWN;
        model.addAttribute("job", job);
        model.addAttribute("rows", rows != null && rows > 0 ? rows : null);
        List<Imports.Rejection> rejections = job.rejected() > 0 ? imports.rejections(id, REJECTIONS_SHOWN) : List.of();
        Map<String, String> columns = columns();
        model.addAttribute("rejections", rejections.stream().map(r -> new Imports.Rejection(r.line(),
                Words.fields(r.reason(), columns::get), r.email(), r.rowStart())).toList());
        model.addAttribute("repeats", job.repeated() > 0 ? imports.repeats(id, null, shown.applyAsInt("repeats")).items()
                : List.of());
        model.addAttribute("warnings", job.warned() > 0
                ? imports.warnings(id, null, shown.applyAsInt("warnings")).items() : List.of());
        model.addAttribute("notes", job.noted() > 0 ? imports.notes(id, null, shown.applyAsInt("notes")).items()
                : List.of());
        return "import";
    }

    /**
     * The rejected rows as the API gives them, each reason in the job page's words ("Birthday '03/12/1990' ..."
     * rather than "attributes.birthday ..."), as the person who reads the page fixes the file.
     */
    @GetMapping("/ui/imports/{id}/rejections")
    void rejections(@PathVariable long id, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        imports.get(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"import-" + id + "-rejections.csv\"");
        Map<String, String> columns = columns();
        imports.writeRejections(id, response.getOutputStream(), reason -> Words.fields(reason, columns::get));
    }

    /**
     * The names a row's reason gives its fields (email, attributes.birthday) against the labels the mapping offered
     * for them (Email, Birthday), so the reason names what the person chose a column for, on the page and in its
     * download; the API's download keeps the API's names.
     */
    private Map<String, String> columns() {
        Map<String, String> columns = new HashMap<>();
        for (String target : Imports.targets()) {
            String label = Imports.label(target);
            int hint = label.indexOf(" (");
            columns.put(target, hint > 0 ? label.substring(0, hint) : label);
        }
        // The contact's rules name a row's consent as the API does (consents.source); the file had its columns.
        columns.put("consents.source", columns.getOrDefault("consent.source", "Where consent was given"));
        columns.put("consents.state", "Consent");
        columns.put("consents", "Consent");
        for (AttributeDefinition attribute : attributes.list()) {
            columns.put("attributes." + attribute.key(),
                    attribute.label() == null || attribute.label().isBlank() ? attribute.key() : attribute.label());
        }
        return columns;
    }

    /** The choices, grouped as a person looks for them; attributes are the account's, plus any a header named. */
    private List<TargetGroup> groups(List<String> chosen) {
        List<Target> contact = new ArrayList<>();
        List<Target> company = new ArrayList<>();
        List<Target> consent = new ArrayList<>();
        for (String target : Imports.targets()) {
            if (target.startsWith("company.")) {
                company.add(new Target(target, Imports.label(target)));
            } else if (target.startsWith("consent.")) {
                consent.add(new Target(target, Imports.label(target)));
            } else if (!target.startsWith("attribute:") && !target.equals(IGNORE) && !target.equals("tags")) {
                contact.add(new Target(target, Imports.label(target)));
            }
        }
        Map<String, Target> custom = new LinkedHashMap<>();
        for (AttributeDefinition attribute : attributes.list()) {
            custom.put("attribute:" + attribute.key(), new Target("attribute:" + attribute.key(),
                    attribute.label() == null || attribute.label().isBlank() ? attribute.key() : attribute.label()));
        }
        chosen.stream().filter(t -> t.startsWith("attribute:") && !custom.containsKey(t))
                .forEach(t -> custom.put(t, new Target(t, t.substring("attribute:".length()) + " (not defined)")));
        return List.of(new TargetGroup("Leave out", List.of(new Target(IGNORE, "Leave out (ignore)"))),
                new TargetGroup("Contact", contact), new TargetGroup("Company", company),
                new TargetGroup("Tags", List.of(new Target("tags", Imports.label("tags")))),
                new TargetGroup("Consent", consent), new TargetGroup("Custom attributes", List.copyOf(custom.values())));
    }
}
