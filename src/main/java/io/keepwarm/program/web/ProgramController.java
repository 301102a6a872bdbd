package io.keepwarm.program.web;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Nurture programs and their enrollments over HTTP. */
@RestController
@RequestMapping("/api/v1/programs")
class ProgramController {

    record ContactsRequest(List<Long> contactIds) {}

    private final Programs programs;
    private final Enrollments enrollments;

    ProgramController(Programs programs, Enrollments enrollments) {
        this.programs = programs;
        this.enrollments = enrollments;
    }

    @PostMapping
    ResponseEntity<Program> create(@RequestBody BodyAsRead<Program.Draft> body) {
        Program program = programs.create(checked(body, null));
        return ResponseEntity.created(URI.create("/api/v1/programs/" + program.id())).body(program);
    }

    /** The draft, or every mistake of it at once: those of values that cannot be read and the program's own checks'. */
    private Program.Draft checked(BodyAsRead<Program.Draft> body, Long id) {
        return body.dependent("exitOnSegmentLeave", "audienceSegmentId").checked(draft -> programs.problems(id, draft));
    }

    @GetMapping
    Page<Program> list(@RequestParam(required = false) ProgramStatus status, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return programs.list(status, cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    Program get(@PathVariable long id) {
        return programs.get(id);
    }

    @PutMapping("/{id}")
    Program update(@PathVariable long id, @RequestBody BodyAsRead<Program.Draft> body) {
        return programs.update(id, checked(body, id));
    }

    /** What saving this draft would change for contacts already enrolled; nothing is saved. */
    @PostMapping("/{id}/impact")
    Enrollments.Impact impact(@PathVariable long id, @RequestBody Program.Draft draft) {
        return enrollments.impact(id, draft);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        programs.delete(id);
    }

    @PostMapping("/{id}/activate")
    Program activate(@PathVariable long id) {
        return programs.activate(id);
    }

    @PostMapping("/{id}/pause")
    Program pause(@PathVariable long id) {
        return programs.pause(id);
    }

    @PostMapping("/{id}/archive")
    Program archive(@PathVariable long id) {
        return programs.archive(id);
    }

    @GetMapping("/{id}/enrollments")
    Page<Enrollment> enrollments(@PathVariable long id, @RequestParam(required = false) Enrollment.Status status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return enrollments.list(id, status, cursor, Cursor.limit(limit));
    }

    @PostMapping("/{id}/enrollments")
    Enrollments.Enrolled enroll(@PathVariable long id, @RequestBody ContactsRequest request) {
        return enrollments.enrollByRequest(id, request.contactIds(), Enrollment.Source.API);
    }

    @PostMapping("/{id}/enrollments/remove")
    Map<String, Integer> remove(@PathVariable long id, @RequestBody ContactsRequest request) {
        return Map.of("removed", enrollments.removeByRequest(id, request.contactIds()).size());
    }
}
