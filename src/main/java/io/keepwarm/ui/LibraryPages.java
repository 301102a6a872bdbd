package io.keepwarm.ui;

import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.ContentType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The programs and the content library as lists. Building a program step by step and editing a piece with a live
 * preview are still done through the API; these pages are where those editors will go.
 */
@Controller
class LibraryPages {

    private static final int LISTED = 200;

    private final ProgramGlances programs;
    private final ContentLibrary library;

    LibraryPages(ProgramGlances programs, ContentLibrary library) {
        this.programs = programs;
        this.library = library;
    }

    @GetMapping("/ui/programs")
    String programs(Model model) {
        model.addAttribute("programs", programs.list(LISTED, true));
        return "programs";
    }

    @GetMapping("/ui/content")
    String content(@RequestParam(required = false) ContentType type, @RequestParam(required = false) ContentStatus status,
            @RequestParam(required = false) String topic, Model model) {
        String cleanTopic = topic == null || topic.isBlank() ? null : topic.strip();
        model.addAttribute("items", library.list(new ContentFilter(type, status, cleanTopic, null, null), null, LISTED).items());
        model.addAttribute("types", ContentType.values());
        model.addAttribute("statuses", ContentStatus.values());
        model.addAttribute("type", type);
        model.addAttribute("status", status);
        model.addAttribute("topic", cleanTopic);
        return "content";
    }
}
