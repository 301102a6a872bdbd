package io.keepwarm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-05T09:00:00Z"));
    private final TrackingProperties.Key k1 = new TrackingProperties.Key("k1", "a".repeat(40));
    private final TrackingProperties.Key k2 = new TrackingProperties.Key("k2", "b".repeat(40));

    @Test
    void aSignedTokenReadsBackAsWhatItNamesAndOnlyForItsPurpose() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));
        String click = tokens.sign(Token.click(123_456_789L, 3));

        assertThat(tokens.verify(click, Token.Purpose.CLICK)).contains(Token.click(123_456_789L, 3));
        assertThat(tokens.verify(click, Token.Purpose.OPEN)).isEmpty();
        assertThat(click).matches("k1\\.[A-Za-z0-9_-]+").hasSizeLessThan(50);
    }

    @Test
    void aTokenIsWrittenAsTheLinksInEmailsAlreadySentWereWritten() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));

        // Signed with HMAC-SHA256 and the JDK's AES/CTR before the keys were set up once per thread.
        assertThat(tokens.sign(Token.click(123_456_789L, 3))).isEqualTo("k1.584XMWFeJnfKeoGNFzM4rxeS6jGyN8iBbA");
        assertThat(tokens.sign(Token.open(5))).isEqualTo("k1.eHh7KYzq0Cyd5UtH-_hTov9d3TUt_Q");
        // Plain text longer than one AES block.
        assertThat(tokens.sign(new Token(Token.Purpose.LANDING, Long.MAX_VALUE, Integer.MAX_VALUE)))
                .isEqualTo("k1.yTD-8EzcYEo6cc7QeIKpvryJ9_bMUc69O3rp_DKAvvPSPA");
    }

    @Test
    void changingAnyOneCharacterOfATokenMakesItWorthless() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));
        String token = tokens.sign(new Token(Token.Purpose.LANDING, 42, 7));
        for (int i = 0; i < token.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c != token.charAt(i)) {
                    String altered = token.substring(0, i) + c + token.substring(i + 1);
                    assertThat(tokens.verify(altered)).as(altered).isEmpty();
                }
            }
        }
        assertThat(tokens.verify(token.substring(0, token.length() - 1))).isEmpty();
        assertThat(tokens.verify(token + "A")).isEmpty();
    }

    @Test
    void aGenuineLinkOlderThanLinksLiveIsLapsedAndAChangedOneIsNot() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));
        String unsubscribe = tokens.sign(new Token(Token.Purpose.UNSUBSCRIBE, 42, 7));
        String altered = unsubscribe.substring(0, 5) + (unsubscribe.charAt(5) == 'A' ? 'B' : 'A')
                + unsubscribe.substring(6);
        assertThat(tokens.lapsed(unsubscribe, Token.Purpose.UNSUBSCRIBE)).as("still working").isFalse();

        clock.advance(Duration.ofDays(731));

        assertThat(tokens.verify(unsubscribe)).isEmpty();
        assertThat(tokens.lapsed(unsubscribe, Token.Purpose.UNSUBSCRIBE)).isTrue();
        assertThat(tokens.lapsed(unsubscribe, Token.Purpose.PREFERENCES)).as("another purpose").isFalse();
        assertThat(tokens.lapsed(altered, Token.Purpose.UNSUBSCRIBE)).isFalse();
        assertThat(tokens.lifetimeDays()).isEqualTo(730);
    }

    @Test
    void tokensShowNoSequentialIds() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));
        String first = tokens.sign(Token.open(1000));
        String next = tokens.sign(Token.open(1001));
        // Neighbouring ids give tokens that share nothing but the key id.
        int common = 0;
        while (first.charAt(common) == next.charAt(common)) {
            common++;
        }
        assertThat(common).isEqualTo("k1.".length());
    }

    @Test
    void afterRotationTheNewKeySignsAndLinksSignedWithTheOldOneStillWork() {
        String old = new Tokens(List.of(k1), clock, Duration.ofDays(730)).sign(Token.open(5));
        Tokens rotated = new Tokens(List.of(k2, k1), clock, Duration.ofDays(730));

        assertThat(rotated.verify(old, Token.Purpose.OPEN)).contains(Token.open(5));
        assertThat(rotated.sign(Token.open(5))).startsWith("k2.");
        assertThat(new Tokens(List.of(k2), clock, Duration.ofDays(730)).verify(old)).isEmpty();
    }

    @Test
    void aTokenUnderAnotherKeysIdIsRefused() {
        Tokens tokens = new Tokens(List.of(k1, k2), clock, Duration.ofDays(730));
        String token = tokens.sign(Token.open(5));
        assertThat(tokens.verify("k2" + token.substring(2))).isEmpty();
    }

    @Test
    void linksKeepWorkingForTheirLifetimeAndNotBeyond() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(60));
        String token = tokens.sign(Token.of(Token.Purpose.UNSUBSCRIBE, 9));
        clock.advance(Duration.ofDays(60));
        assertThat(tokens.verify(token, Token.Purpose.UNSUBSCRIBE)).isPresent();
        clock.advance(Duration.ofDays(1));
        assertThat(tokens.verify(token, Token.Purpose.UNSUBSCRIBE)).isEmpty();
    }

    @Test
    void garbageIsRefusedQuietly() {
        Tokens tokens = new Tokens(List.of(k1), clock, Duration.ofDays(730));
        for (String junk : new String[] {null, "", ".", "k1.", "k1.!!!", "k1.AAAA", "nokey", "x".repeat(500), "k1.%00"}) {
            assertThat(tokens.verify(junk)).as(String.valueOf(junk)).isEmpty();
        }
    }
}
