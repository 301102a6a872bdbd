package io.keepwarm.program.internal;

import io.keepwarm.content.ContentUsers;
import io.keepwarm.platform.Page;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Step;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The programs, archived ones aside, that send a piece: in a step, or from a stream's pool. */
@Component
class ProgramContentUsers implements ContentUsers {

    private final Programs programs;

    ProgramContentUsers(Programs programs) {
        this.programs = programs;
    }

    @Override
    public List<String> using(long contentId) {
        List<String> using = new ArrayList<>();
        String cursor = null;
        do {
            Page<Program> page = programs.list(null, cursor, 200);
            page.items().stream().filter(p -> p.status() != ProgramStatus.ARCHIVED)
                    .filter(p -> p.pool().contains(contentId) || p.steps().stream().anyMatch(s -> switch (s) {
                        case Step.Send send -> send.contentId() == contentId;
                        case Step.ReadinessCheck check -> check.contentId() == contentId;
                        default -> false;
                    }))
                    .forEach(p -> using.add("program '" + p.name() + "'"));
            cursor = page.nextCursor();
        } while (cursor != null);
        return using;
    }
}
