import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Forecast: hit rate and PAI arithmetic")
struct ForecastEvaluationTests {
    /// Ten study cells 0...9; cell i scores 10 − i.
    static let study: [Int32] = Array(0..<10)
    static let ranked: [Double] = (0..<10).map { 10 - Double($0) }

    @Test func hitRateAndPAIOnAHandMadeDay() {
        var tally = HitRateTally(percents: [10, 20, 50], studyCells: 10)
        #expect(tally.selected == [1, 2, 5])
        tally.add(scores: Self.ranked, studyCells: Self.study, eventCells: [0, 0, 1, 5, 9])
        #expect(tally.events == 5 && tally.days == 1)
        #expect(tally.captured == [2, 3, 3])
        #expect(tally.hitRate(0) == 0.4 && tally.areaShare(0) == 0.1)
        #expect(abs(tally.pai(0) - 4) < 1e-12)
        #expect(abs(tally.pai(1) - 3) < 1e-12, "0.6 / 0.2")
        #expect(abs(tally.pai(2) - 1.2) < 1e-12, "0.6 / 0.5")
    }

    @Test func daysArePooledByEvent() {
        var tally = HitRateTally(percents: [10], studyCells: 10)
        tally.add(scores: Self.ranked, studyCells: Self.study, eventCells: [0, 0, 1, 5, 9])
        tally.add(scores: Self.ranked, studyCells: Self.study, eventCells: [9])
        tally.add(scores: Self.ranked, studyCells: Self.study, eventCells: [])
        #expect(tally.events == 6 && tally.days == 3)
        #expect(abs(tally.hitRate(0) - 2.0 / 6) < 1e-12, "2 of 6 events, not the mean of 0.4, 0 and nothing")
        #expect(abs(tally.pai(0) - 10.0 / 3) < 1e-12)
    }

    @Test func tiesAtTheCutAreShared() {
        // Cell 0 scores 1, the nine others tie at 0; three cells are selected.
        var scores = [Double](repeating: 0, count: 10)
        scores[0] = 1
        let c = HitRateTally.captured(scores: scores, studyCells: Self.study, eventCells: [0, 0, 1, 5, 9], select: [1, 3, 10])
        #expect(c[0] == 2)
        #expect(abs(c[1] - (2 + 3 * 2.0 / 9)) < 1e-12, "2 slots among 9 tied cells holding 3 events")
        #expect(c[2] == 5)
        // The order the study cells come in does not matter.
        let reversed = HitRateTally.captured(scores: scores, studyCells: Self.study.reversed(), eventCells: [9, 5, 1, 0, 0], select: [1, 3, 10])
        #expect(reversed == c)
    }

    @Test func selectedCellsRoundAndNeverDropToZero() {
        #expect(HitRateTally.selectedCells(percent: 1, of: 3009) == 30)
        #expect(HitRateTally.selectedCells(percent: 5, of: 3009) == 150)
        #expect(HitRateTally.selectedCells(percent: 10, of: 3009) == 301)
        #expect(HitRateTally.selectedCells(percent: 1, of: 10) == 1)
        #expect(HitRateTally.selectedCells(percent: 100, of: 10) == 10)
    }

    @Test func aPerfectForecastAndAnEmptyDay() {
        var tally = HitRateTally(percents: [10], studyCells: 10)
        #expect(tally.hitRate(0) == 0, "no events yet")
        tally.add(scores: Self.ranked, studyCells: Self.study, eventCells: [0, 0, 0])
        #expect(tally.hitRate(0) == 1 && abs(tally.pai(0) - 10) < 1e-12, "all events in a tenth of the area: PAI 10")
    }
}
