package io.keepwarm.ui;

import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The built-in outbox: every email Keepwarm sent or holds, with its headers and its rendered HTML (without the
 * recipient's signed tokens); and the messages in doubt after a sender stopped mid-send, for a person to decide: send
 * again, or count as sent.
 */
@Controller
class OutboxPages {

    private static final int PAGE = 50;

    private final Delivery delivery;

    OutboxPages(Delivery delivery) {
        this.delivery = delivery;
    }

    @GetMapping("/ui/outbox")
    String outbox(@RequestParam(required = false) Long contact, @RequestParam(required = false) String after,
            Model model) {
        Page<OutboxMessage> page = delivery.latestOutbox(contact, after, PAGE);
        model.addAttribute("messages", page.items());
        model.addAttribute("next", page.nextCursor());
        model.addAttribute("contact", contact);
        model.addAttribute("inDoubt", delivery.inDoubtCount());
        return "outbox";
    }

    @GetMapping("/ui/outbox/in-doubt")
    String inDoubt(@RequestParam(required = false) String after, Model model) {
        Page<OutboxMessage> page = delivery.inDoubt(after, PAGE);
        model.addAttribute("messages", page.items());
        model.addAttribute("next", page.nextCursor());
        // The bulk decision names the messages in doubt now, so one falling in doubt after this page was shown is
        // not decided with them unseen.
        java.util.List<Long> all = delivery.inDoubtIds();
        model.addAttribute("allIds", all.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        model.addAttribute("allCount", all.size());
        model.addAttribute("inDoubtCount", delivery.inDoubtCount());
        return "in-doubt";
    }

    /**
     * One decision for every message the page listed as in doubt: what was done, and what was left as it was, said on
     * the list after a redirect, so that reloading it does not send the decision again.
     */
    @PostMapping("/ui/outbox/in-doubt/resolve")
    String resolveAll(@RequestParam(required = false) String decision, @RequestParam(required = false) String ids,
            Model model, RedirectAttributes redirect) {
        try {
            if (!"RESEND".equals(decision) && !"SENT".equals(decision)) {
                throw InvalidInputException.field("decision", "choose 'send all again' or 'count all as sent'");
            }
            java.util.List<Long> named = new java.util.ArrayList<>();
            for (String id : (ids == null ? "" : ids).split(",")) {
                if (id.strip().matches("\\d{1,18}")) {
                    named.add(Long.parseLong(id.strip()));
                }
            }
            Delivery.Decided decided = delivery.resolveAll(named, "RESEND".equals(decision));
            int n = decided.decided().size();
            String messages = n == 1 ? "1 message" : n + " messages";
            String done = "RESEND".equals(decision) ? messages + " queued to be sent again" : messages + " counted as sent";
            if (!decided.notInDoubt().isEmpty()) {
                done += "; " + decided.notInDoubt().size() + " were no longer in doubt (decided by someone else) and"
                        + " were left as they are";
            }
            redirect.addFlashAttribute("done", done + ".");
            return "redirect:/ui/outbox/in-doubt";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("actionError", Problems.describe(e));
        }
        return inDoubt(null, model);
    }

    /**
     * A decision answers the list again, with what was done (after a redirect, as above) or why not (another person
     * decided first).
     */
    @PostMapping("/ui/outbox/{id}/resolve")
    String resolve(@PathVariable long id, @RequestParam(required = false) String decision, Model model,
            RedirectAttributes redirect) {
        try {
            if (!"RESEND".equals(decision) && !"SENT".equals(decision)) {
                throw InvalidInputException.field("decision", "choose 'send again' or 'count as sent'");
            }
            delivery.resolve(id, "RESEND".equals(decision));
            redirect.addFlashAttribute("done", "RESEND".equals(decision) ? "Message " + id + " queued to be sent again"
                    : "Message " + id + " counted as sent");
            return "redirect:/ui/outbox/in-doubt";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("actionError", Problems.describe(e));
        }
        return inDoubt(null, model);
    }

    @GetMapping("/ui/outbox/{id}")
    String message(@PathVariable long id, Model model) {
        OutboxMessage message = delivery.message(id).withoutTokens();
        model.addAttribute("message", message);
        model.addAttribute("preview", harmless(message.html()));
        model.addAttribute("listHeaders", delivery.listHeaders(id));
        model.addAttribute("bodyLinks", links(message));
        return "message";
    }

    /** A link of the message as the page lists it: where it goes (as written) and what it is. */
    record Link(String url, String what) {}

    /**
     * Every link of the message: those Keepwarm tracks, as the author wrote them (the body has them as click
     * links), then the body's others in their order (its preferences and unsubscribe links, a mailto), each once.
     */
    static java.util.List<Link> links(OutboxMessage message) {
        java.util.Map<String, Link> links = new java.util.LinkedHashMap<>();
        message.links().forEach(url -> links.putIfAbsent(url, new Link(url, "tracked: a click is recorded")));
        if (message.html() != null) {
            for (var a : Jsoup.parse(message.html()).select("a[href]")) {
                String url = a.attr("href");
                if (!url.contains("/t/c/") && !url.isBlank()) {
                    links.putIfAbsent(url, new Link(url, url.contains("/t/u/") ? "the contact's unsubscribe link"
                            : url.contains("/t/p/") ? "the contact's preference centre"
                            : url.startsWith("mailto:") ? "an email address" : "not tracked"));
                }
            }
        }
        return java.util.List.copyOf(links.values());
    }

    /**
     * The message's HTML for looking at, not for reading as its recipient: without the open pixel and with links that
     * go nowhere, so a marketer's look records no open and no click (the page lists the links as written).
     */
    static String harmless(String html) {
        if (html == null) {
            return null;
        }
        Document document = Jsoup.parse(html);
        document.select("img[src*=/t/o/]").remove();
        document.select("a[href]").forEach(link -> link.attr("href", "#").attr("rel", "nofollow"));
        return document.outerHtml();
    }
}
