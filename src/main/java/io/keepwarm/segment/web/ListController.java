package io.keepwarm.segment.web;

import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.segment.ContactList;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.SegmentMember;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Static lists over HTTP. */
@RestController
@RequestMapping("/api/v1/lists")
class ListController {

    record ListRequest(String name, String description) {}

    record MembersRequest(List<Long> contactIds) {}

    private final Lists lists;

    ListController(Lists lists) {
        this.lists = lists;
    }

    /** A new list, or every mistake of it at once: values that cannot be read, a name another list has, the rest. */
    @PostMapping
    ResponseEntity<ContactList> create(@RequestBody BodyAsRead<ListRequest> body) {
        ListRequest request = body.checked(read -> lists.problems(read.name(), read.description()));
        ContactList list = lists.create(request.name(), request.description());
        return ResponseEntity.created(URI.create("/api/v1/lists/" + list.id())).body(list);
    }

    @GetMapping
    Page<ContactList> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return lists.list(cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    ContactList get(@PathVariable long id) {
        return lists.get(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        lists.delete(id);
    }

    @GetMapping("/{id}/members")
    Page<SegmentMember> members(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return lists.members(id, cursor, Cursor.limit(limit));
    }

    @PostMapping("/{id}/members")
    Lists.Added add(@PathVariable long id, @RequestBody MembersRequest request) {
        return lists.add(id, request.contactIds());
    }

    @PostMapping("/{id}/members/remove")
    Map<String, Integer> remove(@PathVariable long id, @RequestBody MembersRequest request) {
        return Map.of("removed", lists.remove(id, request.contactIds()));
    }

    /** A CSV with an 'email' column, or one address per line; lines naming no contact come back with their number. */
    @PostMapping(path = "/{id}/members/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Lists.Added importMembers(@PathVariable long id, @RequestPart("file") MultipartFile file) throws IOException {
        try (var in = file.getInputStream()) {
            return lists.importMembers(id, in);
        }
    }
}
