package io.keepwarm.program.web;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Which programs a contact is in or has been in: what a CRM shows beside the contact before enrolling them again. */
@RestController
class ContactEnrollmentController {

    private final Enrollments enrollments;

    ContactEnrollmentController(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @GetMapping("/api/v1/contacts/{id}/enrollments")
    Page<Enrollment> ofContact(@PathVariable long id, @RequestParam(required = false) Enrollment.Status status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return enrollments.listOfContact(id, status, cursor, Cursor.limit(limit));
    }
}
