package io.keepwarm.ui;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The programs as a list. Building a program step by step is still done through the API; this page is where that
 * editor will go. The content library has its own pages ({@link ContentPages}).
 */
@Controller
class LibraryPages {

    private static final int LISTED = 200;

    private final ProgramGlances programs;

    LibraryPages(ProgramGlances programs) {
        this.programs = programs;
    }

    @GetMapping("/ui/programs")
    String programs(Model model) {
        model.addAttribute("programs", programs.list(LISTED, true));
        return "programs";
    }
}
