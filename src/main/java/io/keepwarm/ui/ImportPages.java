package io.keepwarm.ui;

import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.platform.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Import a CSV or vCard file, watch the job, and read the rows it rejected and why. */
@Controller
class ImportPages {

    private static final int REJECTIONS_SHOWN = 50;

    private final Imports imports;

    ImportPages(Imports imports) {
        this.imports = imports;
    }

    @GetMapping("/ui/imports")
    String form(Model model) {
        model.addAttribute("sources", ContactSource.values());
        return "imports";
    }

    @PostMapping("/ui/imports")
    String upload(@RequestParam("file") MultipartFile file, @RequestParam ContactSource source, Model model)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return "redirect:/ui/imports/" + imports.start(in, file.getOriginalFilename(), null, Map.of(), source).id();
        } catch (InvalidInputException e) {
            model.addAttribute("error", Problems.describe(e));
            return form(model);
        }
    }

    @GetMapping("/ui/imports/{id}")
    String job(@PathVariable long id, Model model) {
        ImportJob job = imports.get(id);
        model.addAttribute("job", job);
        List<Imports.Rejection> rejections = job.rejected() > 0 ? imports.rejections(id, REJECTIONS_SHOWN) : List.of();
        model.addAttribute("rejections", rejections);
        return "import";
    }
}
