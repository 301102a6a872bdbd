package io.keepwarm.delivery.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;

/** Bounces and complaints reported by an email provider: applied once, and only when the provider signed them. */
@KeepwarmTest
class ProviderWebhookTest {

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired Contacts contacts;
    @Autowired Consents consents;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired SmtpChannel smtp;
    @Autowired Activities activities;
    @Autowired io.keepwarm.audit.AuditLog audit;
    @Autowired io.keepwarm.ui.ActorNames actorNames;

    @Test
    void aHardBounceMarksTheAddressBouncedAndFailsTheMessageItNames() throws Exception {
        long contact = contact();
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, contacts.get(contact).email(), "Hi", "<p>Hi</p>", null, null,
                null, null));
        String messageId = delivery.messageForTouch(touch).orElseThrow().messageId();

        generic("""
                {"events": [{"id": "%s", "type": "hard_bounce", "messageId": "%s", "detail": "550 5.1.1 user unknown"}]}"""
                .formatted(UUID.randomUUID(), messageId)).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));

        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.BOUNCED);
        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("FAILED");
    }

    @Test
    void aBounceAndAComplaintAreRecordedAsTheEmailProvidersDoingNotAnAnonymousUsers() throws Exception {
        long bounced = contact();
        long complained = contact();

        generic("""
                {"events": [{"id": "%s", "type": "hard_bounce", "email": "%s", "detail": "550 5.1.1 user unknown"},
                            {"id": "%s", "type": "complaint", "email": "%s"}]}"""
                .formatted(UUID.randomUUID(), contacts.get(bounced).email(), UUID.randomUUID(),
                        contacts.get(complained).email())).andExpect(status().isOk());

        assertThat(audit.list("contact", String.valueOf(bounced), null, null, 50).items())
                .filteredOn(e -> e.action().equals("CONTACT_UPDATED")).singleElement()
                .satisfies(e -> assertThat(actorNames.name(e.actor())).isEqualTo("the email provider 'generic'"));
        assertThat(audit.list("contact", String.valueOf(complained), null, null, 50).items())
                .extracting(e -> e.actor()).contains("provider:generic").doesNotContain("anonymousUser");
        assertThat(consents.ledger(complained)).filteredOn(e -> e.state() == ConsentState.WITHDRAWN).singleElement()
                .satisfies(e -> assertThat(e.recordedBy()).isEqualTo("provider:generic"));
        assertThat(actorNames.actorsNamed("the email provider 'generic'")).contains("provider:generic");
    }

    @Test
    void aMailgunComplaintWithdrawsEmailConsentAndSuppressesTheAddressOnceHoweverOftenItIsSent() throws Exception {
        long contact = contact();
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        String body = mailgun(UUID.randomUUID().toString(), "complained", contacts.get(contact).email(),
                clock.instant().getEpochSecond(), "mailgun-signing-key-for-tests");

        hook("mailgun", body, null).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));
        hook("mailgun", body, null).andExpect(status().isOk()).andExpect(jsonPath("$.duplicates").value(1));

        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(consents.ledger(contact)).filteredOn(e -> e.state() == ConsentState.WITHDRAWN).hasSize(1);
        assertThat(jdbc.sql("SELECT reason FROM suppressions WHERE email_hash = ?")
                .param(io.keepwarm.contact.internal.Suppressions.hash(contacts.get(contact).email()))
                .query(String.class).single()).isEqualTo("COMPLAINT");
    }

    @Test
    void aComplaintIsOnTheContactsTimelineAsAnUnsubscribeThatWasASpamReport() throws Exception {
        long contact = contact();
        String body = mailgun(UUID.randomUUID().toString(), "complained", contacts.get(contact).email(),
                clock.instant().getEpochSecond(), "mailgun-signing-key-for-tests");

        hook("mailgun", body, null).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));
        hook("mailgun", body, null).andExpect(status().isOk()).andExpect(jsonPath("$.duplicates").value(1));

        assertThat(activities.recent(contact, 10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActivityType.UNSUBSCRIBED);
            assertThat(a.channel()).isEqualTo(Channel.EMAIL);
            assertThat(a.target()).isEqualTo("spam complaint at mailgun");
        });
    }

    @Test
    void aMailgunPermanentFailureThatIsAPolicyBlockFailsOnlyTheMessageAndLeavesTheAddressValid() throws Exception {
        long contact = contact();
        long touch = sentTouch(contact);

        mailgunFailed(touch, "generic", """
                "delivery-status": {"code": 550, "enhanced-code": "5.7.1",
                  "message": "5.7.1 Message rejected by policy: spam content", "description": ""}""")
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));

        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("FAILED");
        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aMailgunPermanentFailureForAMailboxThatDoesNotExistMarksTheAddressBounced() throws Exception {
        long contact = contact();
        long touch = sentTouch(contact);

        mailgunFailed(touch, "bounce", """
                "delivery-status": {"code": 550, "enhanced-code": "5.1.1",
                  "message": "5.1.1 The email account that you tried to reach does not exist", "description": ""}""")
                .andExpect(status().isOk());

        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("FAILED");
        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.BOUNCED);
    }

    @Test
    void aMessageMailgunWouldNotSendToAnAddressThatUnsubscribedOrComplainedThereWithdrawsConsentAndBouncesNobody()
            throws Exception {
        long unsubscribed = contact();
        long complained = contact();
        for (long contact : List.of(unsubscribed, complained)) {
            consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        }
        long unsubscribedTouch = sentTouch(unsubscribed);
        long complainedTouch = sentTouch(complained);

        mailgunFailed(unsubscribedTouch, "suppress-unsubscribe", """
                "delivery-status": {"code": 607, "message": "Not delivering to a user who unsubscribed", "description": ""}""")
                .andExpect(status().isOk());
        mailgunFailed(complainedTouch, "suppress-complaint", """
                "delivery-status": {"code": 607, "message": "Not delivering to a user who marked your messages as spam",
                  "description": ""}""").andExpect(status().isOk());

        for (long contact : List.of(unsubscribed, complained)) {
            assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
            assertThat(contacts.get(contact).validity()).isEqualTo(Validity.VALID);
        }
        assertThat(suppressionReason(unsubscribed)).isEmpty();
        assertThat(suppressionReason(complained)).contains("COMPLAINT");
        assertThat(delivery.messageForTouch(unsubscribedTouch).orElseThrow().status()).isEqualTo("FAILED");
    }

    @Test
    void aHardBounceMarksTheAddressBouncedAndAComplaintSuppressesItWhicheverShapeTheProviderSendsThemIn()
            throws Exception {
        long genericBounce = contact();
        long mailgunBounce = contact();
        long genericComplaint = contact();
        long mailgunComplaint = contact();

        generic("""
                {"events": [{"id": "%s", "type": "hard_bounce", "email": "%s", "detail": "550 5.1.1 user unknown"},
                            {"id": "%s", "type": "complaint", "email": "%s"}]}"""
                .formatted(UUID.randomUUID(), contacts.get(genericBounce).email(), UUID.randomUUID(),
                        contacts.get(genericComplaint).email())).andExpect(status().isOk());
        mailgunFailed(sentTouch(mailgunBounce), "suppress-bounce", """
                "delivery-status": {"code": 605, "message": "Not delivering to previously bounced address",
                  "description": ""}""").andExpect(status().isOk());
        hook("mailgun", mailgun(UUID.randomUUID().toString(), "complained", contacts.get(mailgunComplaint).email(),
                clock.instant().getEpochSecond(), "mailgun-signing-key-for-tests"), null).andExpect(status().isOk());

        // A bounce is the address's validity, not a suppression list entry (that holds complaints, an admin's entries
        // and erasures), in both shapes alike.
        for (long bounced : List.of(genericBounce, mailgunBounce)) {
            assertThat(contacts.get(bounced).validity()).isEqualTo(Validity.BOUNCED);
            assertThat(suppressionReason(bounced)).isEmpty();
        }
        for (long complained : List.of(genericComplaint, mailgunComplaint)) {
            assertThat(suppressionReason(complained)).containsExactly("COMPLAINT");
        }
    }

    @Test
    void aLateBounceOfAnAddressTheRepHasSinceCorrectedLeavesTheNewAddressValidAndItsMailGoesOut() throws Exception {
        long contact = contact();
        long touch = deliveredTouch(contact);
        api.patch("/api/v1/contacts/" + contact, "{\"email\": \"" + uniqueEmail("corrected") + "\"}")
                .andExpect(status().isOk());

        mailgunFailed(touch, "bounce", """
                "delivery-status": {"code": 550, "enhanced-code": "5.1.1",
                  "message": "5.1.1 The email account that you tried to reach does not exist", "description": ""}""")
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));

        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("FAILED");
        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.VALID);
        assertThat(delivery.messageForTouch(deliveredTouch(contact)).orElseThrow().status()).isEqualTo("SENT");
    }

    @Test
    void aComplaintAboutAnAddressNoContactHasSuppressesItSoALaterImportDoesNotMailIt() throws Exception {
        String stranger = uniqueEmail("stranger");

        generic("""
                {"events": [{"id": "%s", "type": "complaint", "email": "%s"}]}"""
                .formatted(UUID.randomUUID(), stranger.toUpperCase(java.util.Locale.ROOT)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.unknownContacts").value(1));

        assertThat(contacts.suppressed(List.of(stranger))).containsExactly(stranger);
        assertThat(jdbc.sql("SELECT reason FROM suppressions WHERE email_hash = ?")
                .param(io.keepwarm.contact.internal.Suppressions.hash(stranger)).query(String.class).single())
                .isEqualTo("COMPLAINT");
    }

    @Test
    void aLateComplaintAboutMailToAFormerAddressSuppressesThatAddressAndNotTheContactsNewOne() throws Exception {
        long contact = contact();
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long touch = deliveredTouch(contact);
        String former = contacts.get(contact).email();
        api.patch("/api/v1/contacts/" + contact, "{\"email\": \"" + uniqueEmail("corrected") + "\"}")
                .andExpect(status().isOk());

        generic("""
                {"events": [{"id": "%s", "type": "complaint", "messageId": "%s"}]}"""
                .formatted(UUID.randomUUID(), delivery.messageForTouch(touch).orElseThrow().messageId()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(1));

        assertThat(contacts.suppressed(List.of(former))).containsExactly(former);
        assertThat(suppressionReason(contact)).isEmpty();
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
        assertThat(delivery.messageForTouch(deliveredTouch(contact)).orElseThrow().status()).isEqualTo("SENT");
    }

    @Test
    void aForgedOrReplayedReportChangesNothing() throws Exception {
        long contact = contact();
        String email = contacts.get(contact).email();
        String forged = mailgun(UUID.randomUUID().toString(), "failed\", \"severity\": \"permanent", email,
                clock.instant().getEpochSecond(), "not-the-key");
        String stale = mailgun(UUID.randomUUID().toString(), "complained", email,
                clock.instant().getEpochSecond() - 3600, "mailgun-signing-key-for-tests");

        hook("mailgun", forged, null).andExpect(status().isUnauthorized());
        hook("mailgun", stale, null).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("replay")));
        hook("generic", "{\"events\": []}", "t=1,v1=" + "0".repeat(64)).andExpect(status().isUnauthorized());

        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.VALID);
        assertThat(consents.ledger(contact)).isEmpty();
    }

    @Test
    void aMailgunSignatureCapturedFromOneReportAndSentWithAnotherIsRefused() throws Exception {
        long bystander = contact();
        long victim = contact();
        consents.record(victim, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long now = clock.instant().getEpochSecond();
        String token = UUID.randomUUID().toString().replace("-", "");
        String eventId = UUID.randomUUID().toString();
        String genuine = mailgun(eventId, "delivered", contacts.get(bystander).email(), now,
                "mailgun-signing-key-for-tests", token);
        // Even under the genuine event's own id: the signature covers neither.
        String replayed = mailgun(eventId, "complained", contacts.get(victim).email(), now,
                "mailgun-signing-key-for-tests", token);

        hook("mailgun", genuine, null).andExpect(status().isOk());
        hook("mailgun", replayed, null).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("replay")));
        // The genuine request sent again, as a provider retries, is still a duplicate, not a refusal.
        hook("mailgun", genuine, null).andExpect(status().isOk()).andExpect(jsonPath("$.duplicates").value(1));

        assertThat(consents.current(victim).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void anEventIdLongerThanTheLedgerKeepsIsABadRequestNotAClash() throws Exception {
        generic("""
                {"events": [{"id": "%s", "type": "complaint", "email": "someone@example.com"}]}"""
                .formatted("x".repeat(201))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("200 characters")));
    }

    @Test
    void anEventWithoutItsIdIsNamedByItsPlaceInTheBatchAndNothingInTheBatchIsApplied() throws Exception {
        long contact = contact();

        generic("""
                {"events": [{"id": "%s", "type": "complaint", "email": "%s"},
                            {"type": "hard_bounce", "email": "%s"}]}"""
                .formatted(UUID.randomUUID(), contacts.get(contact).email(), contacts.get(contact).email()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("events[1].id is missing")))
                .andExpect(jsonPath("$.index").value(1));

        assertThat(consents.ledger(contact)).isEmpty();
        assertThat(suppressionReason(contact)).isEmpty();
    }

    @Test
    void aProviderWithoutASecretIsNotThere() throws Exception {
        hook("sendgrid", "{}", null).andExpect(status().isNotFound());
    }

    private long sentTouch(long contact) {
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, contacts.get(contact).email(), "Hi", "<p>Hi</p>", null, null,
                null, null));
        return touch;
    }

    /** A touch's email, sent through the mail server. */
    private long deliveredTouch(long contact) {
        long touch = sentTouch(contact);
        smtp.deliverNow(delivery.messageForTouch(touch).orElseThrow().id());
        return touch;
    }

    /** Mailgun's report that it gave up on the touch's message for good, for this reason. */
    private ResultActions mailgunFailed(long touch, String reason, String deliveryStatus) throws Exception {
        long now = clock.instant().getEpochSecond();
        String token = UUID.randomUUID().toString().replace("-", "");
        String signature = HexFormat.of().formatHex(WebhookReader.hmac("mailgun-signing-key-for-tests", now + token));
        OutboxMessage message = delivery.messageForTouch(touch).orElseThrow();
        String messageId = message.messageId().replaceAll("[<>]", "");
        return hook("mailgun", """
                {"signature": {"timestamp": "%d", "token": "%s", "signature": "%s"},
                 "event-data": {"id": "%s", "event": "failed", "severity": "permanent", "reason": "%s",
                   "recipient": "%s", "message": {"headers": {"message-id": "%s"}}, %s}}"""
                .formatted(now, token, signature, UUID.randomUUID(), reason, message.to(), messageId,
                        deliveryStatus), null);
    }

    private List<String> suppressionReason(long contact) {
        return jdbc.sql("SELECT reason FROM suppressions WHERE email_hash = ?")
                .param(io.keepwarm.contact.internal.Suppressions.hash(contacts.get(contact).email()))
                .query(String.class).list();
    }

    private long contact() throws Exception {
        return api.createContact("{\"email\": \"" + uniqueEmail("hook") + "\"}");
    }

    private ResultActions generic(String body) throws Exception {
        String t = Long.toString(clock.instant().getEpochSecond());
        String signature = HexFormat.of().formatHex(WebhookReader.hmac("generic-webhook-secret-for-tests", t + "." + body));
        return hook("generic", body, "t=" + t + ",v1=" + signature);
    }

    private ResultActions hook(String provider, String body, String signature) throws Exception {
        var request = post("/hooks/email/" + provider).contentType(MediaType.APPLICATION_JSON).content(body);
        if (signature != null) {
            request.header("Keepwarm-Signature", signature);
        }
        return api.mvc().perform(request);
    }

    private static String mailgun(String eventId, String event, String recipient, long timestamp, String key) {
        return mailgun(eventId, event, recipient, timestamp, key, UUID.randomUUID().toString().replace("-", ""));
    }

    private static String mailgun(String eventId, String event, String recipient, long timestamp, String key,
            String token) {
        String signature = HexFormat.of().formatHex(WebhookReader.hmac(key, timestamp + token));
        return """
                {"signature": {"timestamp": "%d", "token": "%s", "signature": "%s"},
                 "event-data": {"id": "%s", "event": "%s", "recipient": "%s"}}"""
                .formatted(timestamp, token, signature, eventId, event, recipient);
    }
}
