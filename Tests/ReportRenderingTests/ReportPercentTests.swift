import ReportRendering
import Testing

@Suite("Percentages, one decimal, locale-independent")
struct ReportPercentTests {
    @Test func gulchoShareReadsAsTheDonorReportQuotesIt() {
        #expect(PercentText.format(12.0 / 26.0) == "46.2%")
        #expect(PercentText.format(12, of: 26) == "46.2%")
    }

    @Test func roundsHalfAwayFromZeroAndKeepsOneDecimal() {
        #expect(PercentText.format(0) == "0.0%")
        #expect(PercentText.format(1) == "100.0%")
        #expect(PercentText.format(0.0005) == "0.1%")
        #expect(PercentText.format(0.00049) == "0.0%")
        #expect(PercentText.format(1.0 / 3.0) == "33.3%")
        #expect(PercentText.format(2.0 / 3.0) == "66.7%")
    }

    @Test func undefinedSharesAreADash() {
        #expect(PercentText.format(.nan) == "-")
        #expect(PercentText.format(3, of: 0) == "-")
    }
}
