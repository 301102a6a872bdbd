package io.keepwarm.contact.web;

import io.keepwarm.contact.SuppressionList;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The suppression list, an admin's: read, an address added by hand, an entry lifted. */
@RestController
@RequestMapping("/api/v1/suppressions")
class SuppressionController {

    /** The address is checked by the list itself, so a bad one is answered as a contact's would be. */
    record NewSuppression(String email, String note) {}

    private final SuppressionList suppressions;

    SuppressionController(SuppressionList suppressions) {
        this.suppressions = suppressions;
    }

    @GetMapping
    Page<SuppressionList.Entry> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return suppressions.page(cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    SuppressionList.Entry one(@PathVariable long id) {
        return suppressions.get(id);
    }

    @PostMapping
    ResponseEntity<SuppressionList.Entry> add(@RequestBody NewSuppression request) {
        SuppressionList.Entry added = suppressions.add(request.email(), request.note());
        return ResponseEntity.created(URI.create("/api/v1/suppressions/" + added.id())).body(added);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void lift(@PathVariable long id) {
        suppressions.lift(id);
    }
}
