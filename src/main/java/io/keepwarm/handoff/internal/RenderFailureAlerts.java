package io.keepwarm.handoff.internal;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.PieceFailedToRender;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.program.Program;
import io.keepwarm.program.Programs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A piece that could not be filled in for a contact is told, once per piece and cause and again for the same cause
 * after an edit that did not fix it (once per version of the piece), to whoever can fix it: the
 * piece's author (and whoever saved the version that failed) and the program's, as marketing tools tell an email's owner of a send that failed; when neither may
 * (gone, disabled, a rep, or an API key), every marketer, else every admin. Its contacts got nothing from it, and each
 * later one it fails for gets nothing either until the piece is fixed: counting them is the piece page's, not an
 * alert per contact.
 */
@Component
class RenderFailureAlerts {

    private final ContentLibrary content;
    private final Programs programs;
    private final Users users;
    private final Alerts alerts;

    RenderFailureAlerts(ContentLibrary content, Programs programs, Users users, Alerts alerts) {
        this.content = content;
        this.programs = programs;
        this.users = users;
        this.alerts = alerts;
    }

    @EventListener
    void on(PieceFailedToRender failed) {
        Optional<ContentItem> piece = content.find(failed.contentId());
        if (piece.isEmpty()) {
            return;
        }
        Program program = failed.programId() == null ? null : programs.get(failed.programId());
        String where = program == null ? "when a contact asked for it on its landing page"
                : "in program '" + program.name() + "'";
        String subject = "'" + piece.get().name() + (failed.again()
                ? "' still could not be filled in for a contact after its last edit, so it was not sent"
                : "' could not be filled in for a contact, so it was not sent");
        String body = "It failed " + where + ": " + failed.cause() + "." + (failed.again()
                ? " It failed for this before it was last edited, and the edit did not fix it." : "")
                + " Every contact it fails for gets nothing from it until the piece is fixed. You are told once for"
                + " this cause until the piece is saved again; the piece's page counts the contacts it failed for.";
        recipients(piece.get().createdBy(), piece.get().updatedBy(), program == null ? null : program.createdBy())
                .forEach(user -> alerts.alert(user.id(), null, subject, body));
    }

    /** The piece's author and whoever saved the version that failed, and the program's author. */
    private List<User> recipients(String pieceAuthor, String pieceEditor, String programAuthor) {
        Map<Long, User> authors = new LinkedHashMap<>();
        Stream.of(pieceAuthor, pieceEditor, programAuthor).filter(Objects::nonNull).map(users::findByUsername)
                .flatMap(Optional::stream).filter(u -> u.enabled() && u.role() != Role.SALES)
                .forEach(u -> authors.putIfAbsent(u.id(), u));
        if (!authors.isEmpty()) {
            return List.copyOf(authors.values());
        }
        List<User> marketers = users.list().stream().filter(u -> u.enabled() && u.role() == Role.MARKETER).toList();
        return !marketers.isEmpty() ? marketers
                : users.list().stream().filter(u -> u.enabled() && u.role() == Role.ADMIN).toList();
    }
}
