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
 * The content library as a list. Editing a piece with a live preview is still done through the API; this page is
 * where that editor will go. (Programs have their own pages: {@link ProgramPages}.)
 */
@Controller
class LibraryPages {

    private static final int LISTED = 200;

    private final ContentLibrary library;

    LibraryPages(ContentLibrary library) {
        this.library = library;
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
