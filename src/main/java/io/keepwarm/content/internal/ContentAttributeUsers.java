package io.keepwarm.content.internal;

import io.keepwarm.contact.AttributeUsers;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.platform.Page;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The pieces, retired ones aside, whose templates or defaults name a custom attribute ({@code contact.contract_expiry}):
 * with the attribute gone, the piece could not be saved again and would print nothing where it stood.
 */
@Component
class ContentAttributeUsers implements AttributeUsers {

    private final ContentLibrary library;

    ContentAttributeUsers(ContentLibrary library) {
        this.library = library;
    }

    @Override
    public List<String> usingAttribute(String key) {
        return Page.every(cursor -> library.list(ContentFilter.ALL, cursor, 200)).stream()
                .filter(c -> c.status() != ContentStatus.RETIRED && names(c, key))
                .map(c -> "content '" + c.name() + "'").toList();
    }

    private static boolean names(ContentItem piece, String key) {
        ContentItem.Email email = piece.variants().email();
        ContentItem.Phone phone = piece.variants().phone();
        return Stream.concat(piece.fallbacks().keySet().stream(), Stream.of(
                        email == null ? null : email.subject(), email == null ? null : email.html(),
                        email == null ? null : email.text(), phone == null ? null : phone.script()))
                .anyMatch(text -> CustomAttributes.named(text, key));
    }
}
