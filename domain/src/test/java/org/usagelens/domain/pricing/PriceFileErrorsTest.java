package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.usagelens.domain.pricing.PriceFiles.HEADER;
import static org.usagelens.domain.pricing.PriceFiles.KNOWN_PROVIDER;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad price file fails at load, naming the file, the line and the reason; one case per rule. */
class PriceFileErrorsTest {

    private static PriceFileException load(String text) {
        return catchThrowableOfType(PriceFileException.class,
                () -> PriceCatalog.withDeployment("deploy.csv", new StringReader(text), KNOWN_PROVIDER));
    }

    private static void assertFails(PriceFileException e, int line, String reason) {
        assertThat(e).isNotNull();
        assertThat(e.source()).isEqualTo("deploy.csv");
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).isEqualTo("deploy.csv:" + line + ": " + e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            negative price              | m,openai,m,input_token,-0.000001,2025-01-01,,             | usd_per_unit -0.000001 is negative
            more than 12 decimals       | m,openai,m,input_token,0.0000000000001,2025-01-01,,       | has 13 decimal places, more than 12
            non-numeric price           | m,openai,m,input_token,cheap,2025-01-01,,                 | usd_per_unit 'cheap' is not a number
            price with an exponent      | m,openai,m,input_token,2.5e-6,2025-01-01,,                | is not a plain decimal
            price with a plus sign      | m,openai,m,input_token,+0.5,2025-01-01,,                  | is not a plain decimal
            price with a comma          | m,openai,m,input_token,"0,5",2025-01-01,,                 | usd_per_unit '0,5' is not a number
            empty price                 | m,openai,m,input_token,,2025-01-01,,                      | usd_per_unit is empty
            implausible price           | m,openai,m,image,1000000,2025-01-01,,                     | is not below 1000000
            unknown unit                | m,openai,m,token,0.1,2025-01-01,,                         | unknown unit 'token'; the units are input_token
            unit in upper case          | m,openai,m,IMAGE,0.1,2025-01-01,,                         | unknown unit 'IMAGE'
            unknown provider            | m,runpod,m,image,0.1,2025-01-01,,                         | unknown provider 'runpod' (not a provider id of the detection catalog)
            empty provider              | m,,m,image,0.1,2025-01-01,,                               | provider is empty
            bad date                    | m,openai,m,image,0.1,2025-13-01,,                         | effective_from '2025-13-01' is not a valid date YYYY-MM-DD
            date not in YYYY-MM-DD      | m,openai,m,image,0.1,2025/01/01,,                         | effective_from '2025/01/01' is not a valid date
            day that does not exist     | m,openai,m,image,0.1,2025-01-01,2025-02-30,               | effective_to '2025-02-30' is not a valid date
            date with a time            | m,openai,m,image,0.1,2025-01-01T00:00:00Z,,               | effective_from '2025-01-01T00:00:00Z' is not a valid date
            empty effective_from        | m,openai,m,image,0.1,,,                                   | effective_from is empty
            effective_to equal to from  | m,openai,m,image,0.1,2025-01-01,2025-01-01,               | effective_to 2025-01-01 is not after effective_from 2025-01-01
            effective_to before from    | m,openai,m,image,0.1,2025-01-01,2024-12-31,               | effective_to 2024-12-31 is not after effective_from 2025-01-01
            too few fields              | m,openai,m,image,0.1,2025-01-01,                          | wrong number of fields: expected 8 as in the header, found 7
            too many fields             | m,openai,m,image,0.1,2025-01-01,,src,extra                | wrong number of fields: expected 8 as in the header, found 9
            model not canonical         | Flux-Dev,fal,fal-ai/flux/dev,image,0.1,2025-01-01,,       | model 'Flux-Dev' is not a canonical model id
            empty model                 | ,fal,fal-ai/flux/dev,image,0.1,2025-01-01,,               | model is empty
            empty provider_model        | flux-dev,fal,,image,0.1,2025-01-01,,                      | provider_model is empty
            padded provider_model       | flux-dev,fal," fal-ai/flux/dev",image,0.1,2025-01-01,,    | starts or ends with white space
            unterminated quote          | flux-dev,fal,fal-ai/flux/dev,image,0.1,2025-01-01,,"http  | unterminated quoted field starting at column 52
            quote inside a field        | flux-dev,fal,fal-ai/flux/dev,image,0.1,2025-01-01,,a"b    | quote inside an unquoted field at column 53
            text after a closing quote  | flux-dev,fal,"fal-ai/flux/dev"x,image,0.1,2025-01-01,,    | unexpected character after the closing quote at column 31
            """)
    void givenBadRow_thenFailsNamingFileLineAndReason(String what, String row, String reason) {
        assertFails(load("# deployment prices\n" + HEADER + "\n" + row + "\n"), 3, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            unknown column               | model,provider,provider_model,unit,usd_per_unit,effective_from,price     | unknown column 'price' in the header
            missing required column      | model,provider,provider_model,usd_per_unit,effective_from                | missing required column 'unit'
            repeated column              | model,provider,provider_model,unit,usd_per_unit,effective_from,unit      | column 'unit' appears twice
            """)
    void givenBadHeader_thenFailsOnTheHeaderLine(String what, String header, String reason) {
        assertFails(load("# deployment prices\n" + header + "\n"), 2, reason);
    }

    @Test
    void givenOnlyComments_thenFailsForTheWholeFile() {
        assertFails(load("# nothing here\n\n"), 0, "no header line");
    }

    @Test
    void givenOverlappingRangesForOneKey_thenFailsOnTheLaterLineNamingTheEarlier() {
        PriceFileException e = load(HEADER + "\n"
                + "m,openai,m-1,input_token,0.000001,2025-01-01,2025-06-01,\n"
                + "m,openai,m-1,output_token,0.000002,2025-01-01,,\n"
                + "m,openai,m-1,input_token,0.000002,2025-05-01,,\n");
        assertFails(e, 4, "effective range [2025-05-01, open) overlaps [2025-01-01, 2025-06-01) on line 2 for "
                + "openai 'm-1' input_token");
    }

    @Test
    void givenOverlapHiddenByLetterCase_thenFails() {
        PriceFileException e = load(HEADER + "\n"
                + "m,openai,Model-X,input_token,0.000001,2025-01-01,,\n"
                + "m,openai,model-x,input_token,0.000002,2025-03-01,,\n");
        assertFails(e, 3, "overlaps [2025-01-01, open) on line 2");
    }

    @Test
    void givenDuplicateRows_thenFailsAsDuplicate() {
        PriceFileException e = load(HEADER + "\n"
                + "m,openai,m-1,input_token,0.000001,2025-01-01,,a\n"
                + "# the same again\n"
                + "m,openai,m-1,input_token,0.000001,2025-01-01,,b\n");
        assertFails(e, 4, "duplicate row: line 2 already prices openai 'm-1' input_token for [2025-01-01, open)");
    }

    @Test
    void givenAdjacentRanges_thenTheyDoNotOverlap() {
        PriceCatalog c = PriceFiles.standalone("m,openai,m-1,input_token,0.000001,2025-01-01,2025-06-01,\n"
                + "m,openai,m-1,input_token,0.000002,2025-06-01,,\n");
        assertThat(c.rows()).hasSize(2);
    }

    @Test
    void givenTwoCanonicalModelsForOneEndpointAtOnce_thenFails() {
        PriceFileException e = load(HEADER + "\n"
                + "model-a,openai,m-1,input_token,0.000001,2025-01-01,,\n"
                + "model-b,openai,m-1,output_token,0.000002,2025-03-01,,\n");
        assertFails(e, 3, "model 'model-b' differs from model 'model-a' of line 2 for openai 'm-1'");
    }

    @Test
    void givenDeploymentRenamingAModelWhoseBuiltInRowsStillApply_thenFailsNamingTheBuiltInLine() {
        // overrides only the input price of gpt-4o, naming another model: the built-in output row still says gpt-4o
        PriceFileException e = load(HEADER + "\n" + "gpt-4o-renamed,openai,gpt-4o,input_token,0.000002,2025-01-01,,\n");
        assertFails(e, 2, "model 'gpt-4o-renamed' differs from model 'gpt-4o' of "
                + PriceCatalog.BUILT_IN_SOURCE + ":");
    }

    @Test
    void givenFirstOfSeveralErrors_thenTheEarliestLineIsReported() {
        PriceFileException e = load(HEADER + "\n"
                + "m,openai,a,input_token,0.000001,2025-01-01,,\n"
                + "m,openai,b,input_token,0.000001,2025-01-01,,\n"
                + "m,openai,a,input_token,0.000001,2025-01-01,,\n"
                + "m,openai,b,input_token,0.000001,2025-01-01,,\n");
        assertFails(e, 4, "duplicate row: line 2");
    }
}
