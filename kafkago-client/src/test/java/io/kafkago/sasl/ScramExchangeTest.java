package io.kafkago.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaAuthenticationException;
import org.junit.jupiter.api.Test;

class ScramExchangeTest {

    // RFC 7677 section 3: SCRAM-SHA-256 with user "user", password "pencil".
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramExchange rfcExchange() {
        return new ScramExchange(Scram.Algorithm.SHA_256, "user", "pencil", CLIENT_NONCE);
    }

    @Test
    void reproducesTheRfc7677TestVector() {
        ScramExchange exchange = rfcExchange();
        assertThat(new String(exchange.initialResponse(), UTF_8)).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
        assertThat(new String(exchange.evaluateChallenge(SERVER_FIRST.getBytes(UTF_8)), UTF_8)).isEqualTo(CLIENT_FINAL);
        assertThat(exchange.isComplete()).isFalse();
        assertThat(exchange.evaluateChallenge(SERVER_FINAL.getBytes(UTF_8))).isNull();
        assertThat(exchange.isComplete()).isTrue();
    }

    @Test
    void rejectsAWrongServerSignature() {
        ScramExchange exchange = rfcExchange();
        exchange.evaluateChallenge(SERVER_FIRST.getBytes(UTF_8));
        assertThatThrownBy(() -> exchange.evaluateChallenge("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes(UTF_8)))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining("signature does not match");
        assertThat(exchange.isComplete()).isFalse();
    }

    @Test
    void rejectsAServerNonceThatDoesNotExtendTheClientNonce() {
        String forged = "r=someoneElsesNonce123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertThatThrownBy(() -> rfcExchange().evaluateChallenge(forged.getBytes(UTF_8)))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining("nonce");
    }

    @Test
    void rejectsTooFewOrTooManyIterations() {
        for (String count : new String[] {"4095", "16385", "2147483647", "-1", "x"}) {
            String serverFirst = "r=" + CLIENT_NONCE + "abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + count;
            assertThatThrownBy(() -> rfcExchange().evaluateChallenge(serverFirst.getBytes(UTF_8)))
                    .isInstanceOf(KafkaAuthenticationException.class)
                    .hasMessageContaining("iteration count");
        }
    }

    @Test
    void reportsAServerErrorWithoutThePassword() {
        assertThatThrownBy(() -> rfcExchange().evaluateChallenge("e=unknown-user".getBytes(UTF_8)))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining("unknown-user")
                .hasMessageNotContaining("pencil");
    }

    @Test
    void escapesSpecialCharactersInTheUserName() {
        ScramExchange exchange = new ScramExchange(Scram.Algorithm.SHA_512, "a=b,c", "pw", "nonce");
        assertThat(new String(exchange.initialResponse(), UTF_8)).isEqualTo("n,,n=a=3Db=2Cc,r=nonce");
    }

    @Test
    void neverShowsSecretsInToString() {
        assertThat(Scram.sha512("alice", "s3cret-pw").toString()).contains("alice").doesNotContain("s3cret-pw");
        assertThat(new Plain("alice", "s3cret-pw").toString()).contains("alice").doesNotContain("s3cret-pw");
        assertThat(OAuthBearer.ofToken("tok-123").toString()).doesNotContain("tok-123");
    }

    @Test
    void buildsThePlainAndOAuthBearerFirstMessages() {
        assertThat(new Plain("alice", "pw").newExchange().initialResponse()).isEqualTo("\0alice\0pw".getBytes(UTF_8));
        assertThat(OAuthBearer.ofToken("abc.def.ghi").newExchange().initialResponse())
                .isEqualTo("n,,\u0001auth=Bearer abc.def.ghi\u0001\u0001".getBytes(UTF_8));
    }
}
