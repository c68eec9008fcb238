import Foundation
import PinganAnalytics
import PinganGeo
import Testing

@Suite("Fitted call model and the Hawkes call generator")
struct CallModelTests {
    @Test func shippedModelIsWellFormed() {
        let m = CallModel.montgomery
        #expect(m.hourlyRates.count == 168)
        #expect(m.categoryMix.count == CallCategories.codes.count)
        #expect(abs(m.categoryMix.reduce(0, +) - 1) < 0.01)
        #expect(m.priorityMix.count == 44)
        #expect((300...500).contains(m.callsPerDay), "Montgomery has ~386 calls a day")
        let profile = m.hourOfDayProfile
        #expect(profile[17] > 3 * profile[4], "evening peak far above the night trough")
        #expect(m.dispersionIndex > 1 && m.branchingRatio > 0 && m.branchingRatio < 0.9)
    }

    @Test(.enabled(if: SharedData.path(SharedData.montgomery) != nil, "shared/data/calls (Montgomery) absent: refit skipped"))
    func refitMatchesShippedParameters() throws {
        let r = try CallFileReader(mapping: .montgomery).read(path: try #require(SharedData.path(SharedData.montgomery)))
        let fit = try CallModel.fit(r.calls, source: "refit")
        let shipped = CallModel.montgomery
        #expect(fit.calls == shipped.calls)
        for s in 0..<168 { #expect(abs(fit.hourlyRates[s] - shipped.hourlyRates[s]) < 0.01, "slot \(s)") }
        for c in 0..<fit.categoryMix.count { #expect(abs(fit.categoryMix[c] - shipped.categoryMix[c]) < 0.001) }
        #expect(abs(fit.dispersionIndex - shipped.dispersionIndex) < 0.01)
        #expect(abs(fit.branchingRatio - shipped.branchingRatio) < 0.01)
        #expect(abs(fit.offspringSigmaMeters - shipped.offspringSigmaMeters) < 1)
    }

    @Test func generatorIsDeterministicAndMatchesTheRate() {
        let net = TestNetworks.grid(20)
        let gen = CallGenerator(model: .montgomery, network: net)
        let a = gen.generate(start: 1_451_865_600, days: 7, seed: 42)
        let b = gen.generate(start: 1_451_865_600, days: 7, seed: 42)
        let c = gen.generate(start: 1_451_865_600, days: 7, seed: 43)
        #expect(a == b)
        #expect(a != c)
        let expected = CallModel.montgomery.callsPerDay * 7
        #expect(abs(Double(a.count) - expected) < 0.15 * expected, "\(a.count) vs \(expected)")
        #expect(a.allSatisfy { $0.time >= 1_451_865_600 && $0.time < 1_451_865_600 + 7 * 86_400 })
        #expect(zip(a, a.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test func generatedCallsClusterInTime() {
        // Self-excitation makes hourly counts over-dispersed relative to the hourly rates.
        let net = TestNetworks.grid(20)
        var model = CallModel.montgomery
        model.branchingRatio = 0.6
        let calls = CallGenerator(model: model, network: net).generate(start: 1_451_865_600, days: 14, seed: 7)
        let refit = try? CallModel.fit(calls, source: "generated")
        #expect((refit?.dispersionIndex ?? 0) > 1.3, "dispersion \(refit?.dispersionIndex ?? 0)")
        let poisson = { () -> Double in
            var m = model
            m.branchingRatio = 0
            let p = CallGenerator(model: m, network: net).generate(start: 1_451_865_600, days: 14, seed: 7)
            return (try? CallModel.fit(p, source: "poisson"))?.dispersionIndex ?? 0
        }()
        #expect(poisson < 1.2, "a branching ratio of 0 is Poisson: \(poisson)")
    }
}
