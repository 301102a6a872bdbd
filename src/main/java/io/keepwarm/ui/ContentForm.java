package io.keepwarm.ui;

import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.ContentType;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.InvalidInputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content editor's fields as typed, bound from the form: kept as given, so a refused save shows them again
 * unchanged. A channel whose fields are all blank is no variant; an offer without key, label and piece is none; a
 * landing page without title, body, intro line and button words is none of its own.
 */
class ContentForm {

    private String name = "";
    private ContentType type;
    private String topics = "";
    private List<Stage> stages = new ArrayList<>();
    private List<Long> segmentIds = new ArrayList<>();
    private String language = "en";
    private ContentStatus status = ContentStatus.DRAFT;
    private String landingUrl = "";
    private String offerKey = "";
    private String offerLabel = "";
    private Long offerSends;
    private String landingTitle = "";
    private String landingHtml = "";
    private String landingIntro = "";
    private String landingButton = "";
    private Map<String, String> fallbacks = new LinkedHashMap<>();
    private String subject = "";
    private String html = "";
    private String text = "";
    private String script = "";
    /** A date and time in the account's zone, as the editor's field gives it (2027-02-03T18:00); blank for no end. */
    private String validUntil = "";

    /** The piece's fields; its valid-until moment in the account's zone, where the author set it. */
    static ContentForm of(ContentItem item, ZoneId accountZone) {
        ContentForm form = new ContentForm();
        form.name = item.name();
        form.type = item.type();
        form.topics = String.join(", ", item.topics());
        form.stages = new ArrayList<>(item.stages());
        form.segmentIds = new ArrayList<>(item.segmentIds());
        form.language = orEmpty(item.language());
        form.status = item.status();
        form.landingUrl = orEmpty(item.landingUrl());
        form.offerKey = item.offer() == null ? "" : item.offer().key();
        form.offerLabel = item.offer() == null ? "" : item.offer().label();
        form.offerSends = item.offer() == null ? null : item.offer().sends();
        form.landingTitle = item.landing() == null ? "" : orEmpty(item.landing().title());
        form.landingHtml = item.landing() == null ? "" : orEmpty(item.landing().html());
        form.landingWords(item.landing());
        form.fallbacks = new LinkedHashMap<>(item.fallbacks());
        ContentItem.Email email = item.variants().email();
        if (email != null) {
            form.subject = orEmpty(email.subject());
            form.html = orEmpty(email.html());
            // A text part read from the HTML is the library's, not the author's: left blank, it is derived again.
            form.text = email.textDerived() ? "" : orEmpty(email.text());
        }
        form.script = item.variants().phone() == null ? "" : orEmpty(item.variants().phone().script());
        form.validUntil = item.validUntil() == null ? ""
                : LocalDateTime.ofInstant(item.validUntil(), accountZone).truncatedTo(ChronoUnit.MINUTES).toString();
        return form;
    }

    /**
     * The draft the fields make, the valid-until moment read in the account's zone; with a null zone it is left out
     * (for the landing page's preview, which does not show it). A date and time that cannot be read is refused at its
     * field.
     */
    ContentDraft draft(ZoneId accountZone) {
        List<String> topicList = Arrays.stream(topics == null ? new String[0] : topics.split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList();
        Map<String, String> given = new LinkedHashMap<>();
        fallbacks.forEach((path, value) -> {
            if (value != null && !value.isBlank()) {
                given.put(path, value);
            }
        });
        ContentDraft.Email email = blank(subject) && blank(html) && blank(text) ? null
                : new ContentDraft.Email(subject, html, text);
        ContentItem.Phone phone = blank(script) ? null : new ContentItem.Phone(script);
        ContentItem.Offer offer = blank(offerKey) && blank(offerLabel) && offerSends == null ? null
                : new ContentItem.Offer(offerKey, offerLabel, offerSends);
        ContentItem.Landing landing = landing();
        // An empty language is a piece of any language, for every contact.
        return new ContentDraft(name, type, topicList, stages, segmentIds, blank(language) ? null : language, status,
                landingUrl, offer, given,
                new ContentDraft.Variants(email, phone), landing, accountZone == null ? null : validUntil(accountZone));
    }

    /** The landing page's own intro line and button words, blank for the page's own. */
    private void landingWords(ContentItem.Landing landing) {
        landingIntro = landing == null ? "" : orEmpty(landing.intro());
        landingButton = landing == null ? "" : orEmpty(landing.button());
    }

    /** The landing page as the fields give it: none of its own when all four are blank. */
    private ContentItem.Landing landing() {
        return blank(landingTitle) && blank(landingHtml) && blank(landingIntro) && blank(landingButton) ? null
                : new ContentItem.Landing(landingTitle, landingHtml, landingIntro, landingButton);
    }

    private Instant validUntil(ZoneId accountZone) {
        if (blank(validUntil)) {
            return null;
        }
        try {
            return LocalDateTime.parse(validUntil.strip()).atZone(accountZone).toInstant();
        } catch (DateTimeException e) {
            throw InvalidInputException.field("validUntil", "is not a date and time like 2027-02-03T18:00: "
                    + validUntil);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ContentType getType() { return type; }
    public void setType(ContentType type) { this.type = type; }
    public String getTopics() { return topics; }
    public void setTopics(String topics) { this.topics = topics; }
    public List<Stage> getStages() { return stages; }
    public void setStages(List<Stage> stages) { this.stages = stages == null ? new ArrayList<>() : stages; }
    public List<Long> getSegmentIds() { return segmentIds; }
    public void setSegmentIds(List<Long> segmentIds) { this.segmentIds = segmentIds == null ? new ArrayList<>() : segmentIds; }
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public ContentStatus getStatus() { return status; }
    public void setStatus(ContentStatus status) { this.status = status; }
    public String getLandingUrl() { return landingUrl; }
    public void setLandingUrl(String landingUrl) { this.landingUrl = landingUrl; }
    public String getOfferKey() { return offerKey; }
    public void setOfferKey(String offerKey) { this.offerKey = offerKey; }
    public String getOfferLabel() { return offerLabel; }
    public void setOfferLabel(String offerLabel) { this.offerLabel = offerLabel; }
    public Long getOfferSends() { return offerSends; }
    public void setOfferSends(Long offerSends) { this.offerSends = offerSends; }
    public String getLandingTitle() { return landingTitle; }
    public void setLandingTitle(String landingTitle) { this.landingTitle = landingTitle; }
    public String getLandingHtml() { return landingHtml; }
    public void setLandingHtml(String landingHtml) { this.landingHtml = landingHtml; }
    public String getLandingIntro() { return landingIntro; }
    public void setLandingIntro(String landingIntro) { this.landingIntro = landingIntro; }
    public String getLandingButton() { return landingButton; }
    public void setLandingButton(String landingButton) { this.landingButton = landingButton; }
    public Map<String, String> getFallbacks() { return fallbacks; }
    public void setFallbacks(Map<String, String> fallbacks) { this.fallbacks = fallbacks == null ? new LinkedHashMap<>() : fallbacks; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getHtml() { return html; }
    public void setHtml(String html) { this.html = html; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getScript() { return script; }
    public void setScript(String script) { this.script = script; }
    public String getValidUntil() { return validUntil; }
    public void setValidUntil(String validUntil) { this.validUntil = validUntil; }
}
