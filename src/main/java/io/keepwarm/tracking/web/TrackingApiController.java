package io.keepwarm.tracking.web;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.tracking.TrackedRequest;
import io.keepwarm.tracking.internal.OptIns;
import io.keepwarm.tracking.internal.TrackingStore;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Double opt-in requests, and the tracked requests behind opens, clicks and answers. */
@RestController
@RequestMapping("/api/v1")
class TrackingApiController {

    /** What to ask the contact to confirm; the default text when absent. */
    record OptInRequest(String text) {}

    private final OptIns optIns;
    private final TrackingStore store;

    TrackingApiController(OptIns optIns, TrackingStore store) {
        this.optIns = optIns;
        this.store = store;
    }

    /** Sends the contact a confirmation email at once; consent is granted only when they confirm. */
    @PostMapping("/contacts/{id}/opt-in")
    @ResponseStatus(HttpStatus.ACCEPTED)
    OptIns.Requested requestOptIn(@PathVariable long id, @RequestBody(required = false) OptInRequest body) {
        return optIns.request(id, body == null ? null : body.text());
    }

    /** The tracked requests (newest first), of one contact or of all. */
    @GetMapping("/tracking/events")
    Page<TrackedRequest> events(@RequestParam(required = false) Long contact,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return store.page(contact, cursor, Cursor.limit(limit));
    }
}
