package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A style keeps what email authors style with and never what runs script, fetches over anything but https or leaves
 * the message's box.
 */
class InlineCssPropertyTest {

    private static final Pattern URL_CALL = Pattern.compile("url\\s*\\(\\s*['\"]?\\s*(.{0,8})");

    /** The declarations an inline-styled newsletter is made of, as the filter writes them back. */
    private static final List<String> WANTED = List.of("color: #333333", "background-color: rgb(255, 255, 255)",
            "font-family: 'Helvetica Neue', Arial, sans-serif", "font-size: 16px", "font-weight: bold",
            "line-height: 1.5", "padding: 12px 24px", "margin: 0 auto", "border: 1px solid #cccccc",
            "border-collapse: collapse", "text-align: center", "width: 100%", "max-width: 600px", "display: block",
            "vertical-align: top", "background-image: url(https://cdn.example.com/bg.png)",
            "background: #fff url('https://cdn.example.com/bg.png') no-repeat", "mso-line-height-rule: exactly",
            "-webkit-text-size-adjust: 100%", "letter-spacing: 0.5px", "text-decoration: none", "border-radius: 4px",
            "background: linear-gradient(#ffffff, #eeeeee)", "width: calc(100% - 20px)", "list-style-type: square",
            "color: https://liquid.keepwarm.invalid/t0x", "font-family: \"Segoe UI\", sans-serif",
            "padding: 0 !important", "border-spacing: 0", "table-layout: fixed", "white-space: nowrap",
            "word-break: break-word");

    /** Declarations that must go, each one declaration. */
    private static final List<String> ATTACKS = List.of("position: fixed", "POSITION:absolute", "z-index: 1000",
            "top: 0", "left:0", "background: url(javascript:alert(1))",
            "background-image: url(\"http://evil.example/x.png\")", "background-image:url( 'data:image/png;base64,AAAA' )",
            "list-style-image: url(https://evil.example/x.png)", "background: URL(//evil.example/x.png)",
            "width: expression(alert(1))", "width: EXPRESSION (alert(1))", "width: expr/**/ession(alert(1))",
            "behavior: url(x.htc)", "-moz-binding: url(https://evil.example/x.xml#y)", "background: \\75 rl(x)",
            "color: red\\9", "font-family: </style><script>", "background-image: image-set(\"http://evil.example/x\" 1x)",
            "background: -webkit-image-set(url(http://evil.example/x) 1x)", "color: javascript:alert(1)",
            "@import url(https://evil.example/x.css)", "transform: translate(-9999px)", "filter: alpha(opacity=0)",
            "cursor: url(https://evil.example/c.cur), auto", "content: 'x'", "color", "background: url(https://a.example/x y.png)");

    @Property(tries = 1000)
    void everyWantedDeclarationSurvivesAndEveryAttackGoesWithAWordWhy(@ForAll("styles") Style style) {
        InlineCss.Filtered filtered = InlineCss.filter(style.css());

        for (String wanted : style.wanted()) {
            assertThat(filtered.css()).as(style.css()).contains(wanted);
        }
        assertThat(filtered.dropped()).as(style.css()).hasSize(style.attacks());
        assertThat(filtered.dropped()).allSatisfy(d -> assertThat(d.why()).isNotNull());
        assertSafe(filtered.css());
    }

    @Property(tries = 2000)
    void whateverComesInWhatIsKeptRunsNoScriptAndFetchesOnlyOverHttps(@ForAll("soups") String css) {
        InlineCss.Filtered filtered = InlineCss.filter(css);

        assertSafe(filtered.css());
        assertThat(InlineCss.filter(filtered.css())).as("filtering what was kept changes nothing")
                .isEqualTo(new InlineCss.Filtered(filtered.css(), List.of()));
    }

    @Test
    void aValueThatAddsADeclarationOrOpensAQuoteTakesOnlyItselfAway() {
        InlineCss.Filtered filtered = InlineCss.filter("color: red; position:fixed; top: 0; padding: 4px");
        assertThat(filtered.css()).isEqualTo("color: red; padding: 4px");
        assertThat(filtered.dropped()).extracting(InlineCss.Dropped::property).containsExactly("position", "top");

        InlineCss.Filtered open = InlineCss.filter("color: red; font-family: \"Arial; position: fixed");
        assertThat(open.css()).isEqualTo("color: red");
        assertThat(open.dropped()).singleElement().satisfies(d -> {
            assertThat(d.why()).isEqualTo(InlineCss.Why.MALFORMED);
            assertThat(d.property()).isNull();
            assertThat(d.declaration()).isEqualTo("font-family: \"Arial; position: fixed");
        });
    }

    @Test
    void aSemicolonInAStringOrBracketsDoesNotEndTheDeclaration() {
        assertThat(InlineCss.filter("font-family: 'a;b', serif; background: url('https://x.example/a;b.png')").css())
                .isEqualTo("font-family: 'a;b', serif; background: url('https://x.example/a;b.png')");
    }

    @Test
    void aFamilyNameGluedToJavascriptIsNotKeptEvenThoughNoBrowserWouldRunIt() {
        assertThat(InlineCss.filter("background-imagejavascript:http://x").css()).isEmpty();
        assertThat(InlineCss.filter("border-moz-binding: none").css()).isEmpty();
    }

    private static void assertSafe(String kept) {
        String lower = kept.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("\\", "<", ">", "/*", "javascript:", "vbscript:", "behavior", "-moz-binding",
                "@import", "image-set");
        assertThat(lower).doesNotContainPattern("expression\\s*\\(");
        Matcher url = URL_CALL.matcher(lower);
        while (url.find()) {
            assertThat(url.group(1)).as(kept).startsWith("https://");
        }
    }

    /** A style attribute as written: wanted declarations and attacks in any order, spaced and commented anyhow. */
    record Style(String css, List<String> wanted, int attacks) {}

    @Provide
    Arbitrary<Style> styles() {
        Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\n  ", "\t");
        Arbitrary<String> between = Arbitraries.of(";", "; ", " ;\n", ";;", "; /* note */ ", ";/**/");
        Arbitrary<Boolean> upper = Arbitraries.of(true, false);
        Arbitrary<String[]> declaration = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.of(WANTED), Arbitraries.of(ATTACKS), space, space, upper).as((kind, wanted, attack, s1, s2, up) -> {
                    String written = kind == 0 ? wanted : attack;
                    int colon = written.indexOf(':');
                    String css = colon < 0 ? written : (up ? written.substring(0, colon).toUpperCase(Locale.ROOT)
                            : written.substring(0, colon)) + s1 + ":" + s2 + written.substring(colon + 1).strip();
                    return new String[] {css, kind == 0 ? wanted : null};
                });
        return Combinators.combine(declaration.list().ofMinSize(1).ofMaxSize(8), between.list().ofSize(8),
                Arbitraries.of("", ";", " ; ")).as((declarations, separators, end) -> {
                    StringBuilder css = new StringBuilder();
                    List<String> wanted = new ArrayList<>();
                    int attacks = 0;
                    for (int i = 0; i < declarations.size(); i++) {
                        css.append(i == 0 ? "" : separators.get(i)).append(declarations.get(i)[0]);
                        if (declarations.get(i)[1] == null) {
                            attacks++;
                        } else {
                            wanted.add(declarations.get(i)[1]);
                        }
                    }
                    return new Style(css.append(end).toString(), wanted, attacks);
                });
    }

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of("url(", "URL (", "http://", "https://", "//", "javascript:", "java script:", "expression",
                "expr", "ession", "(", ")", ";", ":", "\"", "'", "/*", "*/", "\\", "<", ">", "position", "color",
                "background", "background-image", "font-family", " ", "\n", "x", "@import", "behavior", "-moz-binding",
                "image-set(", "rgb(", "data:", "1px", "#fff", "!important", "\u0000", "&quot;")
                .list().ofMaxSize(30).map(pieces -> String.join("", pieces));
    }
}
